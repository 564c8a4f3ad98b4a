using MigrationAspire.Analytics.Statistics;

namespace MigrationAspire.Analytics.Studies;

public enum Direction
{
    Grows,
    Falls,
}

public enum Relation
{
    Greater,
    Less,

    /// <summary>Equal within <see cref="Claims.Approximately"/>.</summary>
    Equal,
}

/// <summary>
/// Decides claims from data with the lab's estimators (LinearTrend, RatioOfMeans, Descriptive): confirmed when the 95 %
/// interval lies on the claimed side, contradicted when it lies on the other side (or, for a trend or an ordering,
/// within a negligible band), inconclusive otherwise — including when the sample is too small for an interval.
/// </summary>
public static class Claims
{
    /// <summary>A change over the whole swept range smaller than this share of the mean is no change.</summary>
    public const double Negligible = 0.05;

    /// <summary>"≈": a ratio within 1 ± this, a residual within ± this share of the total.</summary>
    public const double Approximately = 0.10;

    public static (FindingStatistic Statistic, Verdict Verdict, string Rule) Trend(
        Direction direction, IReadOnlyList<(double X, double Y)> points)
    {
        var fit = LinearTrend.Fit(points.Select(p => p.X), points.Select(p => p.Y));
        var statistic = new FindingStatistic("slope", fit.Slope, fit.SlopeCi95Low, fit.SlopeCi95High, fit.N);
        var rule = $"slope's 95 % CI {(direction == Direction.Grows ? "above" : "below")} 0 confirms; on the other side, or its change over the swept range within ±{Negligible:P0} of the mean, contradicts";
        if (fit.SlopeCi95Low is not { } low || fit.SlopeCi95High is not { } high)
            return (statistic, Verdict.Inconclusive, rule);
        var sign = direction == Direction.Grows ? 1 : -1;
        var (claimedLow, claimedHigh) = sign > 0 ? (low, high) : (-high, -low);
        var range = points.Max(p => p.X) - points.Min(p => p.X);
        var band = Negligible * Math.Abs(points.Average(p => p.Y));
        var verdict = claimedLow > 0 ? Verdict.Confirmed
            : claimedHigh < 0 || (Math.Abs(low) * range < band && Math.Abs(high) * range < band) ? Verdict.Contradicted
            : Verdict.Inconclusive;
        return (statistic, verdict, rule);
    }

    /// <summary>
    /// mean(a) / mean(b) against 1. Fieller's interval is the same set of ratios whichever sample is the numerator, but
    /// it is a bounded interval only when the denominator's mean is clearly away from 0; when b's is not (a small, noisy
    /// figure such as a pre-copy downtime; <see cref="RatioOfMeans"/> then falls back to the wide delta-method
    /// interval), the set is read from b / a instead: [L, H] there is [1/H, 1/L] here, and for figures that cannot be
    /// negative an L ≤ 0 leaves [1/H, ∞) (an open upper end, null in the statistic). So "a &lt; b" and "b &gt; a" always
    /// get the same verdict.
    /// </summary>
    public static (FindingStatistic Statistic, Verdict Verdict, string Rule) Ratio(
        Relation relation, IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var estimate = RatioOfMeans.Estimate(a, b);
        var (ci95Low, ci95High) = estimate.Method == RatioMethod.Fieller ? (estimate.Ci95Low, estimate.Ci95High)
            : FromReciprocal(a, b) ?? (estimate.Ci95Low, estimate.Ci95High);
        var statistic = new FindingStatistic("ratio", estimate.Ratio, ci95Low, ci95High is { } h && double.IsFinite(h) ? h : null, estimate.NA, estimate.NB);
        var rule = relation switch
        {
            Relation.Greater => $"ratio's 95 % CI above 1 confirms; below 1, or within 1 ± {Negligible:P0}, contradicts",
            Relation.Less => $"ratio's 95 % CI below 1 confirms; above 1, or within 1 ± {Negligible:P0}, contradicts",
            _ => $"ratio's 95 % CI within 1 ± {Approximately:P0} confirms; wholly outside it contradicts",
        };
        if (ci95Low is not { } low || ci95High is not { } high)
            return (statistic, Verdict.Inconclusive, rule);
        var negligible = low > 1 - Negligible && high < 1 + Negligible;
        var verdict = relation switch
        {
            Relation.Greater => low > 1 ? Verdict.Confirmed : high < 1 || negligible ? Verdict.Contradicted : Verdict.Inconclusive,
            Relation.Less => high < 1 ? Verdict.Confirmed : low > 1 || negligible ? Verdict.Contradicted : Verdict.Inconclusive,
            _ => Within(low, high, 1 - Approximately, 1 + Approximately) ? Verdict.Confirmed
                : high < 1 - Approximately || low > 1 + Approximately ? Verdict.Contradicted
                : Verdict.Inconclusive,
        };
        return (statistic, verdict, rule);
    }

    /// <summary>a / b's interval from b / a's Fieller interval (see <see cref="Ratio"/>); +∞ for an open upper end.</summary>
    private static (double? Low, double? High)? FromReciprocal(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var reciprocal = RatioOfMeans.Estimate(b, a);
        if (reciprocal is not { Method: RatioMethod.Fieller, Ci95Low: { } low, Ci95High: { } high })
            return null;
        if (low > 0 || high < 0)
            return (1 / high, 1 / low);
        return high > 0 && a.All(v => v >= 0) && b.All(v => v >= 0) ? (1 / high, double.PositiveInfinity) : null;
    }

    /// <summary>
    /// A ratio claim that must hold at every slice (e.g. every VM size): each slice's ratio is decided on its own; all
    /// confirmed confirms, any contradicted contradicts. The statistic shown is the slice that decided, or the
    /// confirmed slice whose interval comes nearest to 1.
    /// </summary>
    public static (FindingStatistic Statistic, Verdict Verdict, string Rule) RatioAtEvery(
        Relation relation, IReadOnlyList<(IReadOnlyList<double> A, IReadOnlyList<double> B)> slices)
    {
        var decided = slices.Select(s => Ratio(relation, s.A, s.B)).ToList();
        if (decided.Count == 0)
            return Ratio(relation, [], []);
        var rule = $"at each of the {decided.Count} points, {decided[0].Rule}; all confirmed confirms, any contradicted contradicts";
        var verdict = decided.All(d => d.Verdict == Verdict.Confirmed) ? Verdict.Confirmed
            : decided.Any(d => d.Verdict == Verdict.Contradicted) ? Verdict.Contradicted
            : Verdict.Inconclusive;
        var shown = verdict == Verdict.Confirmed
            ? decided.MinBy(d => Math.Min(Math.Abs(d.Statistic.Ci95Low!.Value - 1), Math.Abs((d.Statistic.Ci95High ?? double.PositiveInfinity) - 1)))
            : decided.First(d => d.Verdict == verdict);
        return (shown.Statistic, verdict, rule);
    }

    /// <summary>total = part + rest, per run: the mean of (total − part − rest) / total against 0.</summary>
    public static (FindingStatistic Statistic, Verdict Verdict, string Rule) Sum(
        IReadOnlyList<(double Total, double Part, double Downtime)> runs)
    {
        var residuals = runs.Where(r => r.Total > 0).Select(r => (r.Total - r.Part - r.Downtime) / r.Total).ToList();
        var summary = Descriptive.Summarize(residuals);
        var statistic = new FindingStatistic("mean relative residual", summary.Mean, summary.Ci95Low, summary.Ci95High, summary.N);
        var rule = $"residual's 95 % CI within ±{Approximately:P0} of the total confirms; wholly outside it contradicts";
        if (summary.Ci95Low is not { } low || summary.Ci95High is not { } high)
            return (statistic, Verdict.Inconclusive, rule);
        var verdict = Within(low, high, -Approximately, Approximately) ? Verdict.Confirmed
            : high < -Approximately || low > Approximately ? Verdict.Contradicted
            : Verdict.Inconclusive;
        return (statistic, verdict, rule);
    }

    private static bool Within(double low, double high, double from, double to) => low >= from && high <= to;
}
