namespace MigrationAspire.Contracts;

/// <summary>
/// A run's outcome is final. Published once by the scheduler after its grain accepted the executor's
/// <see cref="MigrationCompleted"/> or <see cref="MigrationFailed"/> (or failed the run itself), so analytics
/// and the grains never disagree about a run.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RunFinished
{
    /// <summary>The run as the experiment stored it; final, with its finish time.</summary>
    [Id(0)] public required RunRecord Run { get; init; }

    /// <summary>The experiment's spec as submitted, so a report can name it and show it; null from a scheduler that predates it.</summary>
    [Id(80)] public ExperimentSpec? Spec { get; init; }

    [Id(81)] public DateTimeOffset? SubmittedAt { get; init; }
}
