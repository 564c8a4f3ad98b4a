namespace MigrationAspire.Contracts;

/// <summary>A VM's state machine, as its grain holds it.</summary>
[GenerateSerializer, Immutable]
public sealed record VmView
{
    [Id(0)] public required string VmId { get; init; }
    [Id(1)] public required string ExperimentId { get; init; }
    [Id(2)] public required VmLifecycle State { get; init; }
    /// <summary>The host the guest runs on (or boots on); null when absent.</summary>
    [Id(3)] public string? Host { get; init; }
    [Id(4)] public string? RunId { get; init; }
    [Id(5)] public string? DestinationHost { get; init; }
    [Id(6)] public DateTimeOffset? Deadline { get; init; }
    [Id(7)] public required IReadOnlyList<VmHistoryEntry> History { get; init; }
}
