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

    // The live forecast at this sample (ConvergencePrediction); null where the lab cannot say yet.
    /// <summary>Milliseconds from this sample until the migration completes; only when it will converge.</summary>
    [Id(50)] public double? EtaMs { get; init; }
    /// <summary>QEMU's switch-over rule will be met before the run's limits, at the limit in force; null before a forecast.</summary>
    [Id(51)] public bool? WillConverge { get; init; }
    [Id(52)] public double? PredictedDowntimeMs { get; init; }
    /// <summary>QEMU's <c>downtime-limit</c> in force, as the run's convergence policy set it; null outside a migration.</summary>
    [Id(53)] public long? DowntimeLimitMs { get; init; }
}
