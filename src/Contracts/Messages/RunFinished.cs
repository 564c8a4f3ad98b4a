namespace MigrationAspire.Contracts;

/// <summary>
/// A run's outcome is final. Published once by the scheduler after its grain accepted the executor's
/// <see cref="MigrationCompleted"/> or <see cref="MigrationFailed"/> (or failed the run itself), so analytics
/// and the grains never disagree about a run.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RunFinished
{
    [Id(0)] public required RunPlan Plan { get; init; }
    [Id(1)] public required RunStatus Status { get; init; }
    [Id(2)] public MigrationResult? Result { get; init; }
    [Id(3)] public string? FailedStep { get; init; }
    [Id(4)] public string? FailureReason { get; init; }
    [Id(5)] public required string SourceHost { get; init; }
    [Id(6)] public required string DestinationHost { get; init; }
    [Id(7)] public required DateTimeOffset FinishedAt { get; init; }
}
