using System.Threading.Channels;
using MigrationAspire.Cli.Lab;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Watch;

/// <summary>
/// Merges the lab's live streams into one sequence of events: the experiment's own stream, and the stream of
/// each run while it runs (its samples). A run that finished unseen is fetched once for its result.
/// </summary>
internal sealed class ExperimentFollower(LabClient lab, IEnumerable<string> alreadyFinal)
{
    /// <summary>Runs' streams end right after their final status; this long at most is waited for them once the experiment ended.</summary>
    internal static readonly TimeSpan RunStreamsGrace = TimeSpan.FromSeconds(30);

    private readonly HashSet<string> known = [.. alreadyFinal];

    public async Task RunAsync(string experimentId, ChannelWriter<WatchEvent> events, CancellationToken cancellationToken)
    {
        var runTasks = new List<Task>();
        try
        {
            await foreach (var item in lab.FollowAsync($"api/experiments/{Uri.EscapeDataString(experimentId)}/events", cancellationToken))
            {
                if (WatchEvent.FromExperimentStream(item) is not { } e)
                    continue;
                await events.WriteAsync(e, cancellationToken);
                if (e is RunChanged change && known.Add(change.RunId))
                {
                    if (change.Status == RunStatus.Running)
                        runTasks.Add(FollowRunAsync(change.RunId, events, cancellationToken));
                    else if (change.Status.IsFinal())
                        runTasks.Add(FetchRunAsync(change.RunId, events, cancellationToken));
                    else
                        known.Remove(change.RunId);
                }
                if (e is ExperimentEnded)
                    break;
            }
            var all = Task.WhenAll(runTasks);
            if (await Task.WhenAny(all, Task.Delay(RunStreamsGrace, cancellationToken)) == all)
                await all;
        }
        finally
        {
            events.TryComplete();
        }
    }

    private async Task FollowRunAsync(string runId, ChannelWriter<WatchEvent> events, CancellationToken cancellationToken)
    {
        await foreach (var item in lab.FollowAsync($"api/runs/{Uri.EscapeDataString(runId)}/events", cancellationToken))
            if (WatchEvent.FromRunStream(runId, item) is { } e)
                await events.WriteAsync(e, cancellationToken);
    }

    private async Task FetchRunAsync(string runId, ChannelWriter<WatchEvent> events, CancellationToken cancellationToken) =>
        await events.WriteAsync(new RunViewed(await lab.GetRunAsync(runId, cancellationToken)), cancellationToken);
}
