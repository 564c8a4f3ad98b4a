using MigrationAspire.Cli.Experiments;
using MigrationAspire.Cli.Output;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Watch;

/// <summary>The watch when output is not a terminal: a line whenever a run's status, step or pass changes, nothing redrawn.</summary>
internal static class PlainBoardLog
{
    /// <summary>The line to print for a run that went from <paramref name="before"/> to <paramref name="after"/>; null when nothing worth a line changed.</summary>
    public static string? Describe(RunLine? before, RunLine? after)
    {
        if (after is null)
            return null;
        // The experiment stream says "completed" before the run's figures arrive: its line waits for them.
        if (after is { Status: RunStatus.Completed, Result: null })
            return null;
        var changed = before is null || before.Status != after.Status || before.Step != after.Step
            || (after.Status == RunStatus.Running && before.Pass != after.Pass)
            || (after.Status == RunStatus.Completed && before.Result is null);
        return changed ? Line(after) : null;
    }

    public static string Line(RunLine run)
    {
        var head = $"{run.RunId}  {RunText.Status(run.Status, run.Step)}";
        return run switch
        {
            { Status: RunStatus.Completed, Result: { } r } =>
                $"{head}  total {Units.Milliseconds(r.TotalTimeMs)}  downtime {Units.Milliseconds(r.DowntimeMs)}  {Units.Count(r.Passes)} passes  {Units.MiB(r.TransferredBytes)} sent",
            { Status: RunStatus.Running, Latest: { } s } =>
                $"{head}  pass {Units.Count(run.Pass)}  {Units.MiB(s.RemainingBytes)} left  dirty {Units.PagesPerSecond(run.DirtyPagesRate)}  sending {Units.Throughput(run.ThroughputMbps)}"
                + (run.Eta is { } eta ? $"  ETA {Units.Duration(eta)}" : ""),
            { Status: RunStatus.Failed or RunStatus.Cancelled, FailureReason: { } reason } => $"{head}  {reason}",
            _ => head,
        };
    }
}
