namespace MigrationAspire.Analytics.Statistics;

/// <summary>A geometric mean and its 95 % interval, or why a sample has none.</summary>
public sealed record LogInterval(int N, double? GeometricMean, double? Low, double? High, string? NoInterval);

/// <summary>
/// The interval for figures that are positive and skewed (downtimes, bytes, passes): a Student t interval of
/// the mean of ln x, taken back with exp. Its bounds are positive by construction and it stretches upwards
/// as such figures do, where mean ± t·s/√n would reach below zero. It is the interval of the geometric mean,
/// exp(mean ln x), which is what the report shows with it.
/// </summary>
public static class LogScale
{
    /// <summary>Smaller samples give an interval so wide it says nothing: t(0.975, 1) = 12.7.</summary>
    public const int MinimumN = 3;

    public static LogInterval Of(IReadOnlyCollection<double> values)
    {
        var n = values.Count;
        if (n == 0)
        {
            return new LogInterval(0, null, null, null, "no completed run");
        }

        if (values.Any(v => !(v > 0)))
        {
            return new LogInterval(n, null, null, null, "a run measured 0: no log scale");
        }

        var (mean, variance) = Samples.Moments(values.Select(v => Math.Log(v)).ToArray());
        var geometric = Samples.Finite(Math.Exp(mean));
        if (n < MinimumN)
        {
            return new LogInterval(n, geometric, null, null, $"n = {n}: too small for an interval");
        }

        var half = StudentT.TwoSidedCritical(0.95, n - 1) * Math.Sqrt(variance ?? 0) / Math.Sqrt(n);
        return new LogInterval(n, geometric, Samples.Finite(Math.Exp(mean - half)), Samples.Finite(Math.Exp(mean + half)), null);
    }
}
