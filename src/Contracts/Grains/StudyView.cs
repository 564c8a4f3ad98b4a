namespace MigrationAspire.Contracts;

/// <summary>What the API shows of a study; a study's status has the same values as an experiment's.</summary>
[GenerateSerializer, Immutable]
public sealed record StudyView
{
    [Id(90)] public required string Id { get; init; }
    [Id(91)] public required string Preset { get; init; }
    [Id(92)] public required ExperimentStatus Status { get; init; }
    /// <summary>Every experiment of the preset in run order; an experiment not started yet has no status.</summary>
    [Id(93)] public required IReadOnlyList<StudyExperimentView> Experiments { get; init; }
    [Id(94)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(95)] public DateTimeOffset? FinishedAt { get; init; }
    [Id(96)] public string? Reason { get; init; }
}

[GenerateSerializer, Immutable]
public sealed record StudyExperimentView
{
    [Id(90)] public required SeedExperiment Experiment { get; init; }
    [Id(91)] public required string ExperimentId { get; init; }
    [Id(92)] public ExperimentStatus? Status { get; init; }
    [Id(93)] public RunCounts? Runs { get; init; }
    /// <summary>Place in the lab's admission queue while the experiment waits there (it queues like any other).</summary>
    [Id(94)] public int? QueuePosition { get; init; }
}
