using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Migration;

/// <summary>What the source saw of a migration, from <c>migrate</c> to QEMU's final status.</summary>
public sealed record MonitorReport
{
    public required string FinalStatus { get; init; }
    public required MigrationInfo FinalInfo { get; init; }
    /// <summary>One record per pass, with the downtime limit in force and the policy's decisions.</summary>
    public required IReadOnlyList<PassRecord> PassHistory { get; init; }
    public IReadOnlyList<ConvergencePrediction> Predictions { get; init; } = [];
    public required int MaxThrottlePercent { get; init; }
    /// <summary>The median of the dirty-page rates QEMU published, from pass 3 on when there are such; null when it published none.</summary>
    public required long? DirtyPagesRate { get; init; }
    /// <summary>QEMU's last downtime estimate while the migration was active; null when it gave none.</summary>
    public double? LastExpectedDowntimeMs { get; init; }
    public required int SampleCount { get; init; }
    /// <summary>Host time of the source's STOP event: the switch-over began (or the lab paused the guest).</summary>
    public DateTimeOffset? StoppedAt { get; init; }
    /// <summary>Host time the lab switched to post-copy, if it did.</summary>
    public DateTimeOffset? PostcopyAt { get; init; }
    /// <summary>True when the lab paused the guest: a limit fired with the pause action, or the policy paused it.</summary>
    public bool PausedByLimit { get; init; }
    public string? LimitReached { get; init; }
    public string? CancelReason { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    /// <summary>Paused post-copies (link down) that ran again, and the time from each pause to running again, summed.</summary>
    public int Recoveries { get; init; }
    public TimeSpan RecoveryTime { get; init; }
    /// <summary>Set when a link outage ended the migration: the live sample says failed, not cancelled.</summary>
    public bool EndedByLink { get; init; }
}
