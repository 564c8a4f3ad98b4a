namespace MigrationAspire.Contracts;

/// <summary>Migrate <see cref="VmId"/> from <see cref="Host"/> to the prepared destination (libvirt's Perform). Idempotent by <see cref="RunId"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record StartMigration : IHostCommand
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string VmId { get; init; }
    [Id(2)] public required string Host { get; init; }
    [Id(3)] public required string DestinationHost { get; init; }
    [Id(4)] public required string MigrationUri { get; init; }
    [Id(5)] public required MigrationSpec Migration { get; init; }
    [Id(6)] public required WorkloadSpec Workload { get; init; }
    [Id(40)] public NetworkSpec Network { get; init; } = new();
}
