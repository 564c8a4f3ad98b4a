namespace MigrationAspire.Contracts;

/// <summary>The guest runs on the destination, healthy and intact, and the source is gone.</summary>
[GenerateSerializer, Immutable]
public sealed record MigrationCompleted
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string VmId { get; init; }
    [Id(2)] public required string SourceHost { get; init; }
    [Id(3)] public required string DestinationHost { get; init; }
    [Id(4)] public required MigrationResult Result { get; init; }
}
