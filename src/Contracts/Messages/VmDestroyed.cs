namespace MigrationAspire.Contracts;

[GenerateSerializer, Immutable]
public sealed record VmDestroyed
{
    [Id(0)] public required string VmId { get; init; }
    [Id(1)] public required string Host { get; init; }
}
