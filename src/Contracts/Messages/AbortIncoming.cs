namespace MigrationAspire.Contracts;

/// <summary>Kill the destination QEMU prepared for <see cref="RunId"/>, if it has not taken over the guest.</summary>
[GenerateSerializer, Immutable]
public sealed record AbortIncoming : IHostCommand
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string VmId { get; init; }
    [Id(2)] public required string Host { get; init; }
    [Id(3)] public required string Reason { get; init; }
}
