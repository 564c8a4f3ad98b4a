namespace MigrationAspire.Contracts;

/// <summary>The destination listens for the migration stream at <see cref="MigrationUri"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record IncomingReady
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string VmId { get; init; }
    [Id(2)] public required string Host { get; init; }
    [Id(3)] public required string MigrationUri { get; init; }
}
