using System.Globalization;

namespace MigrationAspire.Analytics.Statistics;

/// <summary>How far a model's prediction is from what a run measured.</summary>
public sealed record PredictionError
{
    public required double Measured { get; init; }

    public required double Predicted { get; init; }

    /// <summary>Predicted − measured: positive when the model overestimates.</summary>
    public required double Error { get; init; }

    /// <summary>|predicted − measured|.</summary>
    public required double AbsoluteError { get; init; }

    /// <summary>|predicted − measured| / |measured|; null when the measurement is zero.</summary>
    public double? RelativeError { get; init; }

    /// <exception cref="ArgumentException">Either value is NaN or infinite.</exception>
    public static PredictionError Of(double measured, double predicted)
    {
        var (error, absolute, relative) = Compute(measured, predicted);
        return new PredictionError { Measured = measured, Predicted = predicted, Error = error, AbsoluteError = absolute, RelativeError = relative };
    }

    /// <summary>The figures of <see cref="Of"/> without an object, for errors pooled over a million runs.</summary>
    /// <exception cref="ArgumentException">Either value is NaN or infinite.</exception>
    internal static (double Error, double AbsoluteError, double? RelativeError) Compute(double measured, double predicted)
    {
        if (!double.IsFinite(measured))
        {
            throw new ArgumentException($"measured is {measured.ToString(CultureInfo.InvariantCulture)}; it must be a finite number.", nameof(measured));
        }

        if (!double.IsFinite(predicted))
        {
            throw new ArgumentException($"predicted is {predicted.ToString(CultureInfo.InvariantCulture)}; it must be a finite number.", nameof(predicted));
        }

        var error = predicted - measured;
        return (error, Math.Abs(error), measured == 0 ? null : Math.Abs(error) / Math.Abs(measured));
    }
}
