namespace MigrationAspire.Contracts;

/// <summary>What an executor host says of itself: its hypervisor, its capacity and the VMs it runs.</summary>
[GenerateSerializer, Immutable]
public sealed record HostReport
{
    [Id(0)] public required string Host { get; init; }
    /// <summary>Changes when the executor restarts.</summary>
    [Id(1)] public required string InstanceId { get; init; }
    [Id(2)] public required string Accelerator { get; init; }
    [Id(3)] public required string AcceleratorReason { get; init; }
    [Id(4)] public required string QemuVersion { get; init; }
    [Id(5)] public required string MigrationAddress { get; init; }
    [Id(6)] public required int MemoryBudgetMiB { get; init; }
    [Id(7)] public required int MemoryUsedMiB { get; init; }
    [Id(8)] public required int MaxVms { get; init; }
    [Id(9)] public required IReadOnlyList<VmReport> Vms { get; init; }
    /// <summary>The host's own namespace on the lab network, or loopback; null from an executor that predates it.</summary>
    [Id(40)] public NetworkKind? Network { get; init; }
}

