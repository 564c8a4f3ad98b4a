namespace MigrationAspire.Contracts;

/// <summary>One <c>query-migrate</c> reading, as written to a run's Redis stream.</summary>
[GenerateSerializer, Immutable]
public sealed record LiveSample
{
    /// <summary>Milliseconds since <c>migrate</c> was issued.</summary>
    [Id(0)] public required double AtMs { get; init; }
    /// <summary>QEMU's <see cref="MigrationStatus"/> at that moment.</summary>
    [Id(1)] public required string Status { get; init; }
    [Id(2)] public long RemainingBytes { get; init; }
    [Id(3)] public long TransferredBytes { get; init; }
    [Id(4)] public long DirtyPagesRate { get; init; }
    [Id(5)] public double ThroughputMbps { get; init; }
    /// <summary>The pass the migration is in.</summary>
    [Id(6)] public long Pass { get; init; }
    [Id(7)] public int CpuThrottlePercent { get; init; }
    [Id(8)] public long ExpectedDowntimeMs { get; init; }
    [Id(9)] public long PostcopyRequests { get; init; }
}
