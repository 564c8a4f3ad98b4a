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
    /// Mean and sample variance (divisor n − 1, null for n &lt; 2) by the corrected two-pass
    /// algorithm, which stays accurate for data with a large common offset (e.g. timestamps),
    /// unlike Σx² − n·x̄².
    /// </summary>
    public static (double Mean, double? Variance) Moments(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (n == 0)
        {
            throw new ArgumentException("At least one value is needed.", nameof(values));
        }

        var mean = values.Sum() / n;
        double deviationSum = 0, squaredDeviationSum = 0;
        foreach (var value in values)
        {
            var deviation = value - mean;
            deviationSum += deviation;
            squaredDeviationSum += deviation * deviation;
        }

        mean += deviationSum / n;
        if (n < 2)
        {
            return (mean, null);
        }

        var variance = (squaredDeviationSum - deviationSum * deviationSum / n) / (n - 1);
        return (mean, Math.Max(variance, 0));
    }
}
