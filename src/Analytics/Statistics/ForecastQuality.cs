using MigrationAspire.Analytics.Model;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Statistics;

/// <summary>The live forecast's quality over a group's finished runs (<see cref="EtaScoring"/> per run, then pooled).</summary>
public sealed record ForecastQuality
{
    /// <summary>Runs that made at least one forecast.</summary>
    public required int Runs { get; init; }

    /// <summary>Per fraction of the real duration (0.1, 0.25, 0.5, 0.75).</summary>
    public required IReadOnlyList<ForecastCheckpoint> Checkpoints { get; init; }

    /// <summary>Mean over the runs of the share of their forecasts whose verdict was right; null without forecasts.</summary>
    public double? VerdictAccuracy { get; init; }

    /// <returns>Null when no run of the group made a forecast.</returns>
    public static ForecastQuality? Of(IEnumerable<StoredRun> runs)
    {
        var scored = runs.Where(r => r.Result is { Predictions.Count: > 0, TotalTimeMs: > 0 } && r.Status != RunStatus.Running)
            .Select(r => EtaScoring.Score(r.Result!.Predictions, r.Result.TotalTimeMs, Converged(r)))
            .ToList();
        if (scored.Count == 0)
            return null;
        return new ForecastQuality
        {
            Runs = scored.Count,
            Checkpoints = [.. EtaScoring.Fractions.Select((f, i) => ForecastCheckpoint.Of(f, scored.Select(s => s.Checkpoints[i]).ToList()))],
            VerdictAccuracy = scored.Select(s => s.VerdictAccuracy).OfType<double>().DefaultIfEmpty(double.NaN).Average() is var v && double.IsFinite(v) ? v : null,
        };
    }

    /// <summary>Pre-copy switched over by QEMU's own rule: completed, no limit fired, the policy only moved the limit.</summary>
    public static bool Converged(StoredRun run) => RunOutcome.Of(run) is { Converged: true };
}

/// <summary>The forecasts a group's runs had at one fraction of their real duration.</summary>
public sealed record ForecastCheckpoint
{
    public required double Fraction { get; init; }

    /// <summary>Runs with an ETA to score there (they forecast convergence and converged).</summary>
    public required int N { get; init; }

    /// <summary>Mean |forecast end − real end| / real time left: the ETA's MAPE at this point.</summary>
    public double? MeanAbsoluteRelativeError { get; init; }

    /// <summary>Mean forecast end − real end, ms (positive: forecast too late).</summary>
    public double? MeanErrorMs { get; init; }

    /// <summary>Share of the runs with a forecast by then whose verdict was right.</summary>
    public double? VerdictAccuracy { get; init; }

    public static ForecastCheckpoint Of(double fraction, IReadOnlyList<EtaCheckpoint> checkpoints)
    {
        var errors = checkpoints.Where(c => c.RelativeError is not null && c.ErrorMs is not null).ToList();
        var verdicts = checkpoints.Where(c => c.VerdictCorrect is not null).ToList();
        return new ForecastCheckpoint
        {
            Fraction = fraction,
            N = errors.Count,
            MeanAbsoluteRelativeError = errors.Count == 0 ? null : errors.Average(c => Math.Abs(c.RelativeError!.Value)),
            MeanErrorMs = errors.Count == 0 ? null : errors.Average(c => c.ErrorMs!.Value),
            VerdictAccuracy = verdicts.Count == 0 ? null : verdicts.Count(c => c.VerdictCorrect == true) / (double)verdicts.Count,
        };
    }
}
