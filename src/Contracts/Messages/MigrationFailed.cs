namespace MigrationAspire.Contracts;

/// <summary>A migration did not complete. <see cref="Guest"/> says where the guest is now.</summary>
[GenerateSerializer, Immutable]
public sealed record MigrationFailed
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string VmId { get; init; }
    [Id(2)] public required string SourceHost { get; init; }
    [Id(3)] public required string DestinationHost { get; init; }
    /// <summary>The protocol step that failed: prepare, migrate or confirm.</summary>
    [Id(4)] public required RunStep Step { get; init; }
    [Id(5)] public required string Reason { get; init; }
    [Id(6)] public required GuestLocation Guest { get; init; }
    /// <summary>What was measured before the failure, when the migration had started.</summary>
    [Id(7)] public MigrationResult? Partial { get; init; }
}
