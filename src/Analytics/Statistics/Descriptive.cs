namespace MigrationAspire.Analytics.Statistics;

/// <summary>Descriptive statistics of one sample: the per-metric summary of a sweep group.</summary>
public static class Descriptive
{
    private const double Confidence = 0.95;

    /// <summary>
    /// n, mean, median, p95, min, max, sample standard deviation and the 95 % confidence interval
    /// of the mean, mean ± t_{0.975, n−1} · s / √n (Student t, so it is honest for the handful of
    /// repetitions an experiment has). n = 0 gives <see cref="MetricSummary.Empty"/>; n = 1 gives
    /// the location statistics but no spread: s and the interval need n ≥ 2 and are null. A statistic
    /// beyond a double's range (the spread of values near ±1.8e308) is null too.
    /// </summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public static MetricSummary Summarize(IEnumerable<double> values)
    {
        var sorted = Samples.ToFiniteArray(values, nameof(values));
        if (sorted.Length == 0)
        {
            return MetricSummary.Empty;
        }

        Array.Sort(sorted);
        var n = sorted.Length;
        var (mean, variance) = Samples.Moments(sorted);
        var stdDev = variance is { } v ? Samples.Finite(Math.Sqrt(v)) : null;

        double? low = null, high = null;
        if (stdDev is { } s)
        {
            var halfWidth = StudentT.TwoSidedCritical(Confidence, n - 1) * s / Math.Sqrt(n);
            (low, high) = (Samples.Finite(mean - halfWidth), Samples.Finite(mean + halfWidth));
        }

        // Members a double cannot hold (a median between -1e308 and 1e308 interpolates through infinity) are null.
        return new MetricSummary
        {
            N = n,
            Mean = Samples.Finite(mean),
            Median = Samples.Finite(QuantileOfSorted(sorted, 0.5)),
            P95 = Samples.Finite(QuantileOfSorted(sorted, 0.95)),
            Min = sorted[0],
            Max = sorted[^1],
            StdDev = stdDev,
            Ci95Low = low,
            Ci95High = high,
        };
    }

    /// <summary>
    /// The sample quantile by linear interpolation between order statistics — Hyndman and Fan's
    /// type 7, the default of R's quantile(), numpy.percentile and Excel's PERCENTILE.INC:
    /// with the values sorted as x₀ ≤ … ≤ x_{n−1} and h = (n − 1)·p,
    /// Q(p) = x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋). Q(0) is the minimum and Q(1) the maximum.
    /// </summary>
    /// <exception cref="ArgumentException">No values, a value that is not finite, or p outside [0, 1].</exception>
    public static double Quantile(IEnumerable<double> values, double probability)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "probability must lie in [0, 1].");
        }

        var sorted = Samples.ToFiniteArray(values, nameof(values));
        if (sorted.Length == 0)
        {
            throw new ArgumentException("A quantile needs at least one value.", nameof(values));
        }

        Array.Sort(sorted);
        return QuantileOfSorted(sorted, probability);
    }

    private static double QuantileOfSorted(double[] sorted, double probability)
    {
        var h = (sorted.Length - 1) * probability;
        var below = (int)Math.Floor(h);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
