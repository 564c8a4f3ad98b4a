using MigrationAspire.Api.Experiments;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Live;

/// <summary>A run's status as the experiment stream reports it.</summary>
public sealed record RunStatusChange(string RunId, int Index, string GroupKey, RunStatus Status, RunStep? Step, string? FailureReason);

/// <summary>
/// One experiment, live: its status and progress when they change (<c>status</c>, an experiment summary), each
/// run's status when it changes (<c>run</c>), and <c>end</c> once the experiment is final.
/// </summary>
internal sealed class ExperimentEvents(IGrainFactory grains, LiveOptions options)
{
    public async Task StreamAsync(string id, ServerSentEventWriter writer, CancellationToken cancellationToken)
    {
        var experiment = grains.GetGrain<IExperimentGrain>(id);
        (ExperimentStatus, RunCounts)? sent = null;
        var runsSent = new Dictionary<int, (RunStatus, RunStep?)>();

        while (true)
        {
            if (await experiment.Get() is not { } view)
                return;
            var runs = await experiment.GetRuns();
            if (sent != (view.Status, view.Runs))
            {
                sent = (view.Status, view.Runs);
                await writer.EventAsync("status", ExperimentSummary.From(view), id: null, cancellationToken);
            }
            foreach (var run in runs)
            {
                var key = (run.Status, run.Step);
                if (runsSent.TryGetValue(run.Plan.Index, out var last) && last == key)
                    continue;
                runsSent[run.Plan.Index] = key;
                await writer.EventAsync("run", new RunStatusChange(
                    run.Plan.RunId, run.Plan.Index, run.Plan.GroupKey, run.Status, run.Step, run.FailureReason), id: null, cancellationToken);
            }
            if (view.Status.IsFinal())
            {
                await writer.EventAsync("end", new StreamEnd<ExperimentStatus>(view.Status), id: null, cancellationToken);
                return;
            }
            await writer.HeartbeatIfIdleAsync(options.HeartbeatInterval, cancellationToken);
            await Task.Delay(options.StatusInterval, cancellationToken);
        }
    }
}
