namespace MigrationAspire.Contracts;

/// <summary>Cancel the migration of <see cref="RunId"/> on its source host; the guest stays on the source.</summary>
public sealed record CancelMigration
{
    public required string RunId { get; init; }
    public required string VmId { get; init; }
    public required string Host { get; init; }
    public required string Reason { get; init; }
}
