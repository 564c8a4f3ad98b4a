namespace MigrationAspire.Contracts;

/// <summary>One thing that happened to a VM: a boot or a migration, and how it ended.</summary>
[GenerateSerializer, Immutable]
public sealed record VmHistoryEntry
{
    [Id(0)] public required DateTimeOffset At { get; init; }
    [Id(1)] public required VmEvent Event { get; init; }
    [Id(2)] public string? RunId { get; init; }
    [Id(3)] public string? From { get; init; }
    [Id(4)] public string? To { get; init; }
    [Id(5)] public string? Detail { get; init; }
}
