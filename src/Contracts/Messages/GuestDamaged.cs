namespace MigrationAspire.Contracts;

/// <summary>The answer to <see cref="DamageGuest"/>: how many pages the guest damaged, or why none.</summary>
[GenerateSerializer, Immutable]
public sealed record GuestDamaged
{
    [Id(0)] public required string VmId { get; init; }
    [Id(1)] public required string Host { get; init; }
    /// <summary>Pages damaged (at most the region's size); null when the guest was not damaged.</summary>
    [Id(2)] public long? Pages { get; init; }
    /// <summary>Why the guest was not damaged; null when it was.</summary>
    [Id(3)] public string? Reason { get; init; }
}
