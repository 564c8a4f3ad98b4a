namespace MigrationAspire.Contracts;

/// <summary>The guest booted and its workload holds its target dirty rate.</summary>
public sealed record VmBooted
{
    public required string VmId { get; init; }
    public required string Host { get; init; }
    public required double BootTimeMs { get; init; }
    public required string Accelerator { get; init; }
    public required string QemuVersion { get; init; }
    public required DateTimeOffset BootedAt { get; init; }
}
