namespace MigrationAspire.Contracts;

/// <summary>An executor host announces itself, its capacity and what it runs.</summary>
public sealed record HostHeartbeat
{
    public required string Host { get; init; }
    /// <summary>Changes when the executor restarts.</summary>
    public required string InstanceId { get; init; }
    public required string Accelerator { get; init; }
    public required string AcceleratorReason { get; init; }
    public required string QemuVersion { get; init; }
    public required string MigrationAddress { get; init; }
    public required int MemoryBudgetMiB { get; init; }
    public required int MemoryUsedMiB { get; init; }
    public required int MaxVms { get; init; }
    public required IReadOnlyList<VmReport> Vms { get; init; }
    public required DateTimeOffset SentAt { get; init; }
    public required double IntervalSeconds { get; init; }
}
