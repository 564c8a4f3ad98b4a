namespace MigrationAspire.Contracts;

/// <summary>What the lab knows of one executor host: what it last reported, and whether it is alive.</summary>
[GenerateSerializer, Immutable]
public sealed record HostView
{
    [Id(0)] public required HostReport Report { get; init; }
    [Id(1)] public required bool Alive { get; init; }
    /// <summary>Scheduler time of its last heartbeat.</summary>
    [Id(2)] public required DateTimeOffset LastSeen { get; init; }
    [Id(3)] public string? DownReason { get; init; }
}
