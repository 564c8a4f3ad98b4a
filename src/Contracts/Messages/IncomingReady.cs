namespace MigrationAspire.Contracts;

/// <summary>The destination listens for the migration stream at <see cref="MigrationUri"/>.</summary>
public sealed record IncomingReady
{
    public required string RunId { get; init; }
    public required string VmId { get; init; }
    public required string Host { get; init; }
    public required string MigrationUri { get; init; }
}
