namespace MigrationAspire.Contracts;

/// <summary>Boot a guest on <see cref="Host"/> and start its workload. Idempotent by <see cref="VmId"/>.</summary>
public sealed record BootVm
{
    public required string VmId { get; init; }
    public required string Host { get; init; }
    public required VmSpec Vm { get; init; }
    public required WorkloadSpec Workload { get; init; }
}
