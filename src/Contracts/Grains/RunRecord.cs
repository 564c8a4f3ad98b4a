namespace MigrationAspire.Contracts;

/// <summary>
/// One run as the lab knows it: its plan, where it stands, where it ran and how it ended. The experiment stores
/// it, the API shows it, the VM that carried the run reports its end with it, and <see cref="RunFinished"/>
/// carries it to analytics.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RunRecord
{
    [Id(0)] public required RunPlan Plan { get; init; }
    [Id(1)] public RunStatus Status { get; init; } = RunStatus.Pending;
    /// <summary>Where a running run is; null once it is final.</summary>
    [Id(2)] public RunStep? Step { get; init; }
    [Id(3)] public string? VmId { get; init; }
    [Id(4)] public string? SourceHost { get; init; }
    [Id(5)] public string? DestinationHost { get; init; }
    /// <summary>What the migration measured; for a failed run, what it measured before it failed.</summary>
    [Id(6)] public MigrationResult? Result { get; init; }
    /// <summary>Where a run that did not complete stopped.</summary>
    [Id(7)] public RunStep? FailedStep { get; init; }
    [Id(8)] public string? FailureReason { get; init; }
    [Id(9)] public DateTimeOffset? StartedAt { get; init; }
    [Id(10)] public DateTimeOffset? FinishedAt { get; init; }
}
