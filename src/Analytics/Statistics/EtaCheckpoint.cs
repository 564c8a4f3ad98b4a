using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Statistics;

/// <summary>The live forecast a finished run had at one point of its real duration, and how wrong it was.</summary>
public sealed record EtaCheckpoint
{
    /// <summary>How far into the migration, e.g. 0.25.</summary>
    public required double Fraction { get; init; }

    /// <summary><see cref="Fraction"/> × the real duration, in milliseconds since <c>migrate</c>.</summary>
    public required double AtMs { get; init; }

    /// <summary>The latest forecast made by then; null when none was.</summary>
    public ConvergencePrediction? Prediction { get; init; }

    public bool? VerdictCorrect { get; init; }

    /// <summary>Forecast end − real end (positive: forecast too late); only when it forecast convergence and the run converged.</summary>
    public double? ErrorMs { get; init; }

    /// <summary><see cref="ErrorMs"/> over the real time that was left when the forecast was made.</summary>
    public double? RelativeError { get; init; }
}
