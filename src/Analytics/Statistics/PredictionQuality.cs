namespace MigrationAspire.Analytics.Statistics;

/// <summary>How good one finished run's live forecasts were (<see cref="EtaScoring"/>).</summary>
public sealed record PredictionQuality
{
    public required IReadOnlyList<EtaCheckpoint> Checkpoints { get; init; }

    /// <summary>Forecasts the run made.</summary>
    public required int Predictions { get; init; }

    /// <summary>Share of them whose verdict matched what happened; null without forecasts.</summary>
    public double? VerdictAccuracy { get; init; }
}
