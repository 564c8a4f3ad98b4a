namespace MigrationAspire.Contracts;

/// <summary>What the API shows of an experiment.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required ExperimentSpec Spec { get; init; }
    [Id(3)] public required ExperimentStatus Status { get; init; }
    [Id(4)] public required RunCounts Runs { get; init; }
    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset? StartedAt { get; init; }
    [Id(7)] public DateTimeOffset? FinishedAt { get; init; }
    [Id(8)] public string? Reason { get; init; }

    /// <summary>Place in the lab-wide admission queue, 1 = admitted next; null once admitted or final.</summary>
    [Id(9)] public int? QueuePosition { get; init; }

    /// <summary>When the experiment joined the admission queue; null once admitted or final.</summary>
    [Id(10)] public DateTimeOffset? QueuedSince { get; init; }
}
