namespace MigrationAspire.Contracts;

/// <summary>One QEMU instance an executor runs, as reported in its heartbeat.</summary>
[GenerateSerializer, Immutable]
public sealed record VmReport
{
    [Id(0)] public required string VmId { get; init; }
    [Id(1)] public required VmState State { get; init; }
    [Id(2)] public string? RunId { get; init; }
    [Id(3)] public required int MemoryMiB { get; init; }
}
