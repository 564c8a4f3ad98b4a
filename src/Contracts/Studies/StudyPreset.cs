namespace MigrationAspire.Contracts;

/// <summary>A named study: its experiments, run one after another in this order.</summary>
[GenerateSerializer, Immutable]
public sealed record StudyPreset
{
    [Id(90)] public required string Name { get; init; }
    [Id(91)] public required string Description { get; init; }
    [Id(92)] public required IReadOnlyList<StudyExperiment> Experiments { get; init; }
}

/// <summary>One experiment of a study and the spec it runs.</summary>
[GenerateSerializer, Immutable]
public sealed record StudyExperiment
{
    [Id(90)] public required SeedExperiment Experiment { get; init; }
    [Id(91)] public required ExperimentSpec Spec { get; init; }
}
