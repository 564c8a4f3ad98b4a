namespace MigrationAspire.Contracts;

/// <summary>Migrate <see cref="VmId"/> from <see cref="Host"/> to the prepared destination (libvirt's Perform). Idempotent by <see cref="RunId"/>.</summary>
public sealed record StartMigration
{
    public required string RunId { get; init; }
    public required string VmId { get; init; }
    public required string Host { get; init; }
    public required string DestinationHost { get; init; }
    public required string MigrationUri { get; init; }
    public required MigrationSpec Migration { get; init; }
    public required WorkloadSpec Workload { get; init; }
}
