namespace MigrationAspire.Contracts;

/// <summary>Cancel the migration of <see cref="RunId"/> on its source host; the guest stays on the source.</summary>
[GenerateSerializer, Immutable]
public sealed record CancelMigration : IHostCommand
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string VmId { get; init; }
    [Id(2)] public required string Host { get; init; }
    [Id(3)] public required string Reason { get; init; }
}
