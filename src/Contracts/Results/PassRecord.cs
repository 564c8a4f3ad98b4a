namespace MigrationAspire.Contracts;

/// <summary>One pre-copy pass, recorded when the pass count grows (as guestperf keeps them).</summary>
[GenerateSerializer, Immutable]
public sealed record PassRecord
{
    /// <summary>The pass's number, from 1.</summary>
    [Id(0)] public required long Pass { get; init; }

    /// <summary>Milliseconds since <c>migrate</c> was issued.</summary>
    [Id(1)] public required double AtMs { get; init; }

    [Id(2)] public required long RemainingBytes { get; init; }
    [Id(3)] public required long TransferredBytes { get; init; }
    [Id(4)] public required long DirtyPagesRate { get; init; }
    [Id(5)] public required double ThroughputMbps { get; init; }
    [Id(6)] public required int CpuThrottlePercent { get; init; }

    /// <summary>QEMU's <c>downtime-limit</c> in force when the pass began; null in runs recorded before policies.</summary>
    [Id(50)] public long? DowntimeLimitMs { get; init; }

    /// <summary>What the run's convergence policy did during this pass (only decisions that acted), oldest first.</summary>
    [Id(51)] public IReadOnlyList<PolicyDecision> Decisions { get; init; } = [];
}
