namespace MigrationAspire.Contracts;

public sealed record VmDestroyed
{
    public required string VmId { get; init; }
    public required string Host { get; init; }
}
