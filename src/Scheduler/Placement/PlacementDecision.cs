namespace MigrationAspire.Scheduler.Placement;

/// <summary>
/// A host for a VM; or "try again shortly" (all pairs busy, or no live host has room now: <see cref="WantsHost"/>,
/// which a run waits for only so long); or why no host can ever take it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PlacementDecision
{
    [Id(0)] public string? Host { get; init; }
    [Id(1)] public bool Retry { get; init; }
    [Id(2)] public string Reason { get; init; } = "";
    [Id(3)] public bool WantsHost { get; init; }

    public static PlacementDecision On(string host) => new() { Host = host };
    public static PlacementDecision Later(string reason) => new() { Retry = true, Reason = reason };
    public static PlacementDecision NoHostYet(string reason) => new() { Retry = true, WantsHost = true, Reason = reason };
    public static PlacementDecision Impossible(string reason) => new() { Reason = reason };
}
