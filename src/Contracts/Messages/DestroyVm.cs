namespace MigrationAspire.Contracts;

/// <summary>Stop every QEMU of <see cref="VmId"/> on <see cref="Host"/>. Idempotent.</summary>
public sealed record DestroyVm
{
    public required string VmId { get; init; }
    public required string Host { get; init; }
    public required string Reason { get; init; }
}
