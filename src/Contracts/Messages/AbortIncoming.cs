namespace MigrationAspire.Contracts;

/// <summary>Kill the destination QEMU prepared for <see cref="RunId"/>, if it has not taken over the guest.</summary>
public sealed record AbortIncoming
{
    public required string RunId { get; init; }
    public required string VmId { get; init; }
    public required string Host { get; init; }
    public required string Reason { get; init; }
}
