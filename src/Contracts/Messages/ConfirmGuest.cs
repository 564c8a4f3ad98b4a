namespace MigrationAspire.Contracts;

/// <summary>Request to the destination: is the migrated guest alive and intact? (libvirt's Finish.) Answered by <see cref="GuestConfirmed"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ConfirmGuest : IHostCommand
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string VmId { get; init; }
    [Id(2)] public required string Host { get; init; }

    /// <summary>Every page the guest's verify must check (working set and resident memory), as the guest announced them at boot.</summary>
    [Id(3)] public long? ExpectedPages { get; init; }
}
