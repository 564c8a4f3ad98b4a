using System.Globalization;

namespace MigrationAspire.Analytics.Statistics;

/// <summary>Input checks and moments shared by the estimators.</summary>
internal static class Samples
{
    /// <summary>Copies the values, rejecting NaN and infinities: a silent NaN would poison every statistic.</summary>
    public static double[] ToFiniteArray(IEnumerable<double> values, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        var array = values.ToArray();
        for (var i = 0; i < array.Length; i++)
        {
            if (!double.IsFinite(array[i]))
            {
                throw new ArgumentException(
                    $"{parameterName}[{i}] is {array[i].ToString(CultureInfo.InvariantCulture)}; every value must be a finite number.", parameterName);
            }
        }

        return array;
    }

    /// <summary>
    /// Mean and sample variance (divisor n − 1, null for n &lt; 2 or beyond a double) by the corrected two-pass
    /// algorithm, which stays accurate for data with a large common offset (e.g. timestamps),
    /// unlike Σx² − n·x̄².
    /// </summary>
    /// <remarks>
    /// Sums run in the values' order, as Enumerable.Sum does for doubles, so a span gives the same bits a list did;
    /// the span only spares the per-value interface calls that dominated a summary of large groups.
    /// </remarks>
    public static (double Mean, double? Variance) Moments(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n == 0)
        {
            throw new ArgumentException("At least one value is needed.", nameof(values));
        }

        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        // Values near ±1.8e308 overflow their sum but not their mean.
        var mean = double.IsFinite(sum) ? sum / n : SumOfShares(values, n);
        double deviationSum = 0, squaredDeviationSum = 0;
        foreach (var value in values)
        {
            var deviation = value - mean;
            deviationSum += deviation;
            squaredDeviationSum += deviation * deviation;
        }

        if (double.IsFinite(deviationSum))
        {
            mean += deviationSum / n;
        }

        if (n < 2)
        {
            return (mean, null);
        }

        // A spread too wide for a double (deviations of ~1e308) has no variance to give: null, as for n < 2.
        var variance = (squaredDeviationSum - deviationSum * deviationSum / n) / (n - 1);
        return (mean, double.IsFinite(variance) ? Math.Max(variance, 0) : null);
    }

    private static double SumOfShares(ReadOnlySpan<double> values, int n)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value / n;
        }

        return sum;
    }

    /// <summary>The value, or null when a computation left the doubles (an overflow to infinity, 0/0).</summary>
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;

    public static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
