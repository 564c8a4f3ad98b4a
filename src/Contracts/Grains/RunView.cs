namespace MigrationAspire.Contracts;

/// <summary>What the API shows of one run.</summary>
[GenerateSerializer, Immutable]
public sealed record RunView
{
    [Id(0)] public required RunPlan Plan { get; init; }
    [Id(1)] public required RunStatus Status { get; init; }
    [Id(2)] public RunStep? Step { get; init; }
    [Id(3)] public string? VmId { get; init; }
    [Id(4)] public string? SourceHost { get; init; }
    [Id(5)] public string? DestinationHost { get; init; }
    [Id(6)] public MigrationResult? Result { get; init; }
    [Id(7)] public string? FailedStep { get; init; }
    [Id(8)] public string? FailureReason { get; init; }
    [Id(9)] public DateTimeOffset? StartedAt { get; init; }
    [Id(10)] public DateTimeOffset? FinishedAt { get; init; }
}
