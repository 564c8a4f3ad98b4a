using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Model;

/// <summary>
/// What the model's error per regime needs of one run with a result: what the store's columns hold, plus the
/// policy's decisions, which only a document holds (and most runs have none). Figures that are not finite are null,
/// as in the metric columns.
/// </summary>
public sealed record RunOutcome(
    bool Completed,
    MigrationMode Mode,
    MigrationMode PlannedMode,
    bool LimitReached,
    double? TotalTimeMs,
    double? DowntimeMs,
    double? HostPauseMs,
    IReadOnlyList<PolicyDecision> Decisions)
{
    /// <returns>Null for a run without a result.</returns>
    public static RunOutcome? Of(StoredRun run) => run.Result is not { } result ? null : new(
        run.Status == RunStatus.Completed,
        result.Mode,
        run.Plan.Migration.Mode,
        result.LimitReached is not null,
        Samples.Finite(result.TotalTimeMs),
        Samples.Finite(result.DowntimeMs),
        Samples.Finite(result.HostPauseMs),
        [.. result.PassHistory.SelectMany(p => p.Decisions)]);

    /// <summary>Pre-copy switched over by QEMU's own rule: completed, no limit fired, the policy only moved the limit.</summary>
    public bool Converged =>
        Completed && !LimitReached && Mode == MigrationMode.Precopy
        && Decisions.All(d => d.Action is ConvergenceAction.None or ConvergenceAction.SetDowntimeLimit);
}
