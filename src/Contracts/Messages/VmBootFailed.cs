namespace MigrationAspire.Contracts;

[GenerateSerializer, Immutable]
public sealed record VmBootFailed
{
    [Id(0)] public required string VmId { get; init; }
    [Id(1)] public required string Host { get; init; }
    [Id(2)] public required string Reason { get; init; }
}
