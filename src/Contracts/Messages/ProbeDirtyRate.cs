namespace MigrationAspire.Contracts;

/// <summary>
/// Measure the guest's dirty rate for the coming migration of <see cref="RunId"/> now, while its destination is being
/// prepared (the two are independent, and no migration between the pair is under way: placement has just reserved
/// it for this one). The <see cref="StartMigration"/> that follows uses the reading; a source that got no such command,
/// or whose early probe failed, probes then as before. Sent only once the host pair is this run's.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProbeDirtyRate : IHostCommand
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string VmId { get; init; }
    [Id(2)] public required string Host { get; init; }
}
