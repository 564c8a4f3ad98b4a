namespace MigrationAspire.Contracts;

/// <summary>Start a destination QEMU waiting for <see cref="VmId"/>'s migration (libvirt's Prepare). Idempotent by <see cref="RunId"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record PrepareIncoming : IHostCommand
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string VmId { get; init; }
    [Id(2)] public required string Host { get; init; }
    [Id(3)] public required string SourceHost { get; init; }
    [Id(4)] public required VmSpec Vm { get; init; }
    [Id(5)] public required WorkloadSpec Workload { get; init; }
    [Id(6)] public required MigrationSpec Migration { get; init; }
}
