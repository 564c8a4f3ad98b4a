using MigrationAspire.Api.Runs;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Live;

/// <summary>Sent as the last event of a stream: the final status it ended on.</summary>
public sealed record StreamEnd<TStatus>(TStatus Status);

/// <summary>
/// One run, live: every sample from its Redis stream as it arrives (<c>sample</c>, id = stream id), the run's
/// view whenever its status or step changes (<c>status</c>), and <c>end</c> once the run is final.
/// </summary>
internal sealed class RunEvents(IGrainFactory grains, SampleStreamReader samples, LiveOptions options, TimeProvider time)
{
    public async Task StreamAsync(RunRecord first, string? after, ServerSentEventWriter writer, CancellationToken cancellationToken)
    {
        var runId = first.Plan.RunId;
        var run = first;
        await writer.EventAsync("status", run, id: null, cancellationToken);
        var lastStatusPoll = time.GetTimestamp();

        while (true)
        {
            after = await SendNewSamplesAsync(runId, after, writer, cancellationToken);
            if (run.Status.IsFinal())
            {
                // The executor writes its last samples before it reports the result: this read has them all.
                await SendNewSamplesAsync(runId, after, writer, cancellationToken);
                await writer.EventAsync("end", new StreamEnd<RunStatus>(run.Status), id: null, cancellationToken);
                return;
            }

            if (time.GetElapsedTime(lastStatusPoll) >= options.StatusInterval)
            {
                lastStatusPoll = time.GetTimestamp();
                var latest = await RunsApi.FindAsync(grains, runId) ?? run;
                if (Key(latest) != Key(run))
                {
                    // Samples written before the change come first, so a client never sees one after "completed".
                    after = await SendNewSamplesAsync(runId, after, writer, cancellationToken);
                    run = latest;
                    await writer.EventAsync("status", run, id: null, cancellationToken);
                    continue;
                }
            }
            await writer.HeartbeatIfIdleAsync(options.HeartbeatInterval, cancellationToken);
            await Task.Delay(options.SampleInterval, time, cancellationToken);
        }
    }

    private async Task<string?> SendNewSamplesAsync(string runId, string? after, ServerSentEventWriter writer, CancellationToken cancellationToken)
    {
        foreach (var entry in await samples.ReadAsync(runId, after))
        {
            await writer.EventAsync("sample", entry.Sample, entry.Id, cancellationToken);
            after = entry.Id;
        }
        return after;
    }

    /// <summary>What counts as a change worth sending: views are fresh copies, so records never compare equal.</summary>
    private static (RunStatus, RunStep?, string?, string?, string?) Key(RunRecord run) =>
        (run.Status, run.Step, run.SourceHost, run.DestinationHost, run.FailureReason);
}
