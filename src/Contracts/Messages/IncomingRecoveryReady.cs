namespace MigrationAspire.Contracts;

/// <summary>The destination listens for the resumed post-copy stream at <see cref="MigrationUri"/>, or says why it cannot.</summary>
[GenerateSerializer, Immutable]
public sealed record IncomingRecoveryReady
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string VmId { get; init; }
    [Id(2)] public required string Host { get; init; }

    /// <summary>Null when the destination could not listen again; <see cref="Reason"/> says why.</summary>
    [Id(3)] public string? MigrationUri { get; init; }
    [Id(4)] public string? Reason { get; init; }
}
