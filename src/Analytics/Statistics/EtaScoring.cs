using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Statistics;

/// <summary>
/// Scores a finished run's live forecasts (<see cref="ConvergencePrediction"/>) against what happened: the ETA's
/// error as a function of how far into the migration it was made, and how often the verdict was right.
/// </summary>
public static class EtaScoring
{
    public static IReadOnlyList<double> Fractions { get; } = [0.10, 0.25, 0.50, 0.75];

    /// <param name="predictions">The run's forecasts, in any order.</param>
    /// <param name="totalTimeMs">The migration's real duration, from <c>migrate</c> to completion.</param>
    /// <param name="converged">Pre-copy switched over by QEMU's own rule (not cancelled, paused or switched to post-copy).</param>
    /// <exception cref="ArgumentOutOfRangeException">The duration is not a positive, finite number.</exception>
    public static PredictionQuality Score(IReadOnlyList<ConvergencePrediction> predictions, double totalTimeMs, bool converged)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (!(double.IsFinite(totalTimeMs) && totalTimeMs > 0))
            throw new ArgumentOutOfRangeException(nameof(totalTimeMs), totalTimeMs, "The duration must be a positive, finite number of milliseconds.");
        var ordered = predictions.OrderBy(p => p.AtMs).ToList();
        return new PredictionQuality
        {
            Checkpoints = [.. Fractions.Select(f => At(ordered, f, totalTimeMs, converged))],
            Predictions = ordered.Count,
            VerdictAccuracy = ordered.Count == 0 ? null : ordered.Count(p => p.WillConverge == converged) / (double)ordered.Count,
        };
    }

    private static EtaCheckpoint At(List<ConvergencePrediction> ordered, double fraction, double totalTimeMs, bool converged)
    {
        var atMs = fraction * totalTimeMs;
        var prediction = ordered.LastOrDefault(p => p.AtMs <= atMs);
        var error = converged && prediction is { WillConverge: true, EtaMs: { } eta } ? prediction.AtMs + eta - totalTimeMs : (double?)null;
        return new EtaCheckpoint
        {
            Fraction = fraction,
            AtMs = atMs,
            Prediction = prediction,
            VerdictCorrect = prediction is null ? null : prediction.WillConverge == converged,
            ErrorMs = error,
            RelativeError = error / (totalTimeMs - prediction?.AtMs),
        };
    }
}
