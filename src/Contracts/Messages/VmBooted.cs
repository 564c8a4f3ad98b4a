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

    // Where the boot time went: QEMU's start to the workload's START line (firmware, kernel, init, the working
    // set's allocation), then the guest's own fill times; the rest is the second in which it settles on its rate.
    // Null when the START line was not seen (a kernel message can tear it).
    [Id(6)] public double? KernelBootMs { get; init; }
    [Id(7)] public double? ResidentFillMs { get; init; }
    [Id(8)] public double? WorkingSetFillMs { get; init; }

    /// <summary>Pages of resident memory the guest filled (workload.residentPercent of what it had free).</summary>
    [Id(9)] public long? ResidentPages { get; init; }
}
