namespace MigrationAspire.Contracts;

/// <summary>A migration did not complete. <see cref="Guest"/> says where the guest is now.</summary>
public sealed record MigrationFailed
{
    public required string RunId { get; init; }
    public required string VmId { get; init; }
    public required string SourceHost { get; init; }
    public required string DestinationHost { get; init; }
    /// <summary>The protocol step that failed: prepare, migrate, confirm, …</summary>
    public required string Step { get; init; }
    public required string Reason { get; init; }
    public required GuestLocation Guest { get; init; }
    /// <summary>What was measured before the failure, when the migration had started.</summary>
    public MigrationResult? Partial { get; init; }
}
