using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Experiments;

/// <summary>How a run ended, as its VM grain tells its experiment.</summary>
[GenerateSerializer, Immutable]
public sealed record RunOutcome
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required RunStatus Status { get; init; }
    [Id(2)] public MigrationResult? Result { get; init; }
    [Id(3)] public string? FailedStep { get; init; }
    [Id(4)] public string? FailureReason { get; init; }
    [Id(5)] public string? SourceHost { get; init; }
    [Id(6)] public string? DestinationHost { get; init; }
    [Id(7)] public required DateTimeOffset FinishedAt { get; init; }
}
