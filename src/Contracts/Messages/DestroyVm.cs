namespace MigrationAspire.Contracts;

/// <summary>Stop every QEMU of <see cref="VmId"/> on <see cref="Host"/>. Idempotent.</summary>
[GenerateSerializer, Immutable]
public sealed record DestroyVm : IHostCommand
{
    [Id(0)] public required string VmId { get; init; }
    [Id(1)] public required string Host { get; init; }
    [Id(2)] public required string Reason { get; init; }
}
