using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Hosts;

[GenerateSerializer]
public sealed class HostGrainState
{
    [Id(0)] public HostHeartbeat? Last { get; set; }
    /// <summary>Scheduler time of the last heartbeat (the executor's clock is not trusted for liveness).</summary>
    [Id(1)] public DateTimeOffset LastSeen { get; set; }
    [Id(2)] public bool Alive { get; set; }
    [Id(3)] public string? DownReason { get; set; }
    [Id(4)] public HashSet<string> AttachedVms { get; set; } = [];
}
