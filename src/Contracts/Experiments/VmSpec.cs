namespace MigrationAspire.Contracts;

/// <summary>The virtual machine that is migrated.</summary>
[GenerateSerializer, Immutable]
public sealed record VmSpec
{
    [Id(0)] public int MemoryMiB { get; init; } = 512;
    [Id(1)] public int Vcpus { get; init; } = 1;
}
