namespace MigrationAspire.Contracts;

public sealed record IncomingFailed
{
    public required string RunId { get; init; }
    public required string VmId { get; init; }
    public required string Host { get; init; }
    public required string Reason { get; init; }
}
