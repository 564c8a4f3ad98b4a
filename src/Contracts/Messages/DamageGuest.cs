namespace MigrationAspire.Contracts;

/// <summary>
/// Test only: the guest of <see cref="VmId"/> on <see cref="Host"/> gives <see cref="Pages"/> pages of
/// <see cref="Region"/> the contents of their previous generation, as a migration that lost writes would, without
/// its checks knowing (the workload's <c>damage</c> command, guest/PROTOCOL.md). Handled only by executors started
/// with <c>Executor:TestCommands=true</c>; answered by <see cref="GuestDamaged"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DamageGuest : IHostCommand
{
    [Id(0)] public required string VmId { get; init; }
    [Id(1)] public required string Host { get; init; }
    [Id(2)] public required long Pages { get; init; }
    [Id(3)] public GuestMemoryRegion Region { get; init; } = GuestMemoryRegion.All;
}
