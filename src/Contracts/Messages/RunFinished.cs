namespace MigrationAspire.Contracts;

/// <summary>
/// A run's outcome is final. Published once by the scheduler after its grain accepted the executor's
/// <see cref="MigrationCompleted"/> or <see cref="MigrationFailed"/> (or failed the run itself), so analytics
/// and the grains never disagree about a run.
/// </summary>
public sealed record RunFinished
{
    public required RunPlan Plan { get; init; }
    public required RunStatus Status { get; init; }
    public MigrationResult? Result { get; init; }
    public string? FailedStep { get; init; }
    public string? FailureReason { get; init; }
    public required string SourceHost { get; init; }
    public required string DestinationHost { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
}
