using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Statistics;

/// <summary>What <see cref="PrecopyModel"/> predicts for one migration; times in seconds.</summary>
public sealed record ModelPrediction
{
    public required MigrationMode Mode { get; init; }

    public required ModelOutcome Outcome { get; init; }

    /// <summary>Live passes, the first full pass included; the paused final copy is not a pass.</summary>
    public required int PrecopyPasses { get; init; }

    /// <summary>From the start until the source pauses the guest (0 for stop-and-copy).</summary>
    public required double PrecopyTimeSeconds { get; init; }

    public required double DowntimeSeconds { get; init; }

    /// <summary>Pre-copy + downtime, plus the post-copy phase for post-copy.</summary>
    public required double TotalTimeSeconds { get; init; }

    public required double TransferredBytes { get; init; }

    /// <summary>Memory sent while the guest is paused (device state not included).</summary>
    public required double StopCopyBytes { get; init; }

    /// <summary>Memory pulled by the destination after a post-copy switch-over.</summary>
    public double PostcopyBytes { get; init; }
}
