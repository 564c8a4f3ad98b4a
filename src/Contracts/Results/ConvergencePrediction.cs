namespace MigrationAspire.Contracts;

/// <summary>
/// A live forecast of a pre-copy migration, made from the passes so far: whether QEMU's own rule (switch over
/// when the pending bytes fit in measured bandwidth × downtime limit) will be met before the run's limits, when,
/// and with what downtime. Absent (null) wherever the lab has not measured enough to say.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConvergencePrediction
{
    /// <summary>Milliseconds since <c>migrate</c> was issued, when the forecast was made.</summary>
    [Id(0)] public required double AtMs { get; init; }

    [Id(1)] public required long Pass { get; init; }

    /// <summary>QEMU's rule will be met before the run's time and pass limits, at the limit now in force.</summary>
    [Id(2)] public required bool WillConverge { get; init; }

    /// <summary>Milliseconds from <see cref="AtMs"/> until the migration completes; only when it will converge.</summary>
    [Id(3)] public double? EtaMs { get; init; }

    /// <summary>The final stop-and-copy's duration; only when it will converge.</summary>
    [Id(4)] public double? PredictedDowntimeMs { get; init; }

    /// <summary>The pass at whose start QEMU will switch over; only when it will converge.</summary>
    [Id(5)] public long? SwitchoverPass { get; init; }

    /// <summary>The downtime limit the forecast assumed: the one in force at <see cref="AtMs"/>.</summary>
    [Id(6)] public required long DowntimeLimitMs { get; init; }
}
