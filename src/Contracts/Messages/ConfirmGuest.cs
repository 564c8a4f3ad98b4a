namespace MigrationAspire.Contracts;

/// <summary>Request to the destination: is the migrated guest alive and intact? (libvirt's Finish.) Answered by <see cref="GuestConfirmed"/>.</summary>
public sealed record ConfirmGuest
{
    public required string RunId { get; init; }
    public required string VmId { get; init; }
    public required string Host { get; init; }
}
