namespace MigrationAspire.Contracts;

/// <summary>Start a destination QEMU waiting for <see cref="VmId"/>'s migration (libvirt's Prepare). Idempotent by <see cref="RunId"/>.</summary>
public sealed record PrepareIncoming
{
    public required string RunId { get; init; }
    public required string VmId { get; init; }
    public required string Host { get; init; }
    public required string SourceHost { get; init; }
    public required VmSpec Vm { get; init; }
    public required WorkloadSpec Workload { get; init; }
    public required MigrationSpec Migration { get; init; }
}
