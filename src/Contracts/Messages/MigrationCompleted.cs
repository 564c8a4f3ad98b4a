namespace MigrationAspire.Contracts;

/// <summary>The guest runs on the destination, healthy and intact, and the source is gone.</summary>
public sealed record MigrationCompleted
{
    public required string RunId { get; init; }
    public required string VmId { get; init; }
    public required string SourceHost { get; init; }
    public required string DestinationHost { get; init; }
    public required MigrationResult Result { get; init; }
}
