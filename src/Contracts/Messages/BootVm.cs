namespace MigrationAspire.Contracts;

/// <summary>Boot a guest on <see cref="Host"/> and start its workload. Idempotent by <see cref="VmId"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record BootVm : IHostCommand
{
    [Id(0)] public required string VmId { get; init; }
    [Id(1)] public required string Host { get; init; }
    [Id(2)] public required VmSpec Vm { get; init; }
    [Id(3)] public required WorkloadSpec Workload { get; init; }
}
