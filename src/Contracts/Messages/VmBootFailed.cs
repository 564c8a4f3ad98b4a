namespace MigrationAspire.Contracts;

public sealed record VmBootFailed
{
    public required string VmId { get; init; }
    public required string Host { get; init; }
    public required string Reason { get; init; }
}
