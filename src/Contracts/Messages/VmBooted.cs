namespace MigrationAspire.Contracts;

/// <summary>The guest booted and its workload holds its target dirty rate.</summary>
[GenerateSerializer, Immutable]
public sealed record VmBooted
{
    [Id(0)] public required string VmId { get; init; }
    [Id(1)] public required string Host { get; init; }
    [Id(2)] public required double BootTimeMs { get; init; }
    [Id(3)] public required string Accelerator { get; init; }
    [Id(4)] public required string QemuVersion { get; init; }
    [Id(5)] public required DateTimeOffset BootedAt { get; init; }
}
