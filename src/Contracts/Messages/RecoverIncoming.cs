namespace MigrationAspire.Contracts;

/// <summary>
/// Request to the destination of a paused post-copy: pause your end too if it has not noticed the broken stream,
/// and listen again with <c>migrate-recover</c>. Answered by <see cref="IncomingRecoveryReady"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecoverIncoming : IHostCommand
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string VmId { get; init; }
    [Id(2)] public required string Host { get; init; }
}
