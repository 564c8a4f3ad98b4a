using MigrationAspire.Analytics.Studies;

namespace MigrationAspire.Analytics.Tests.Studies;

public sealed class ClaimsTests
{
    private static (double X, double Y)[] Line(double slope, double noise, params double[] xs) =>
        xs.SelectMany(x => new[] { -1.0, 0.0, 1.0 }.Select(e => (x, 1000 + slope * x + e * noise))).ToArray();

    [Fact]
    public void A_clearly_falling_line_confirms_falls_and_contradicts_grows()
    {
        var points = Line(-5, 10, 32, 64, 128, 256);

        Assert.Equal(Verdict.Confirmed, Claims.Trend(Direction.Falls, points).Verdict);
        Assert.Equal(Verdict.Contradicted, Claims.Trend(Direction.Grows, points).Verdict);
        Assert.Equal(-5, Claims.Trend(Direction.Falls, points).Statistic.Value!.Value, 9);
    }

    [Fact]
    public void A_noisy_line_is_inconclusive_either_way()
    {
        (double, double)[] points = [(1, 900), (1, 1300), (2, 1400), (2, 800), (3, 1250), (3, 1000)];

        Assert.Equal(Verdict.Inconclusive, Claims.Trend(Direction.Grows, points).Verdict);
        Assert.Equal(Verdict.Inconclusive, Claims.Trend(Direction.Falls, points).Verdict);
    }

    [Fact]
    public void A_line_flat_within_the_negligible_band_contradicts_a_trend()
    {
        // 256–1024 MiB, y 1800 ± 1: a change of at most a few ms over the range, far below 5 % of 1800.
        var points = Line(0, 1, 256, 512, 1024);

        var (statistic, verdict, _) = Claims.Trend(Direction.Grows, points);

        Assert.Equal(Verdict.Contradicted, verdict);
        Assert.NotNull(statistic.Ci95Low);
    }

    [Fact]
    public void Too_few_points_for_an_interval_are_inconclusive_with_the_count()
    {
        var (statistic, verdict, _) = Claims.Trend(Direction.Grows, [(1, 1), (2, 2)]);

        Assert.Equal(Verdict.Inconclusive, verdict);
        Assert.Equal(2, statistic.N);
        Assert.Null(statistic.Ci95Low);
    }

    [Fact]
    public void A_ratio_decides_greater_less_and_equal_claims_by_its_interval()
    {
        double[] big = [2000, 2010, 1990];
        double[] small = [1000, 1010, 990];

        Assert.Equal(Verdict.Confirmed, Claims.Ratio(Relation.Greater, big, small).Verdict);
        Assert.Equal(Verdict.Contradicted, Claims.Ratio(Relation.Greater, small, big).Verdict);
        Assert.Equal(Verdict.Confirmed, Claims.Ratio(Relation.Less, small, big).Verdict);
        Assert.Equal(Verdict.Contradicted, Claims.Ratio(Relation.Equal, big, small).Verdict);
        Assert.Equal(Verdict.Confirmed, Claims.Ratio(Relation.Equal, [1010, 1020, 1000], small).Verdict);
        Assert.Equal(Verdict.Inconclusive, Claims.Ratio(Relation.Equal, [200, 1800, 1000], small).Verdict);
    }

    [Fact]
    public void A_claim_and_its_mirror_get_the_same_verdict_when_one_side_is_small_and_noisy()
    {
        // Two runs each, as in the quick seed study: stop-and-copy's whole pause against pre-copy's small, noisy downtime.
        double[] stopcopy = [3000, 3300];
        double[] precopy = [20, 230];

        var stopOverPre = Claims.Ratio(Relation.Less, stopcopy, precopy);
        var preOverStop = Claims.Ratio(Relation.Less, precopy, stopcopy);

        Assert.Equal(Verdict.Confirmed, preOverStop.Verdict);
        Assert.Equal(Verdict.Contradicted, stopOverPre.Verdict);
        Assert.Equal(Verdict.Confirmed, Claims.Ratio(Relation.Greater, stopcopy, precopy).Verdict);
        // stop / pre read from pre / stop's interval, whose lower end is below 0: bounded below only.
        Assert.True(stopOverPre.Statistic.Ci95Low > 1, $"{stopOverPre.Statistic}");
        Assert.Null(stopOverPre.Statistic.Ci95High);
        Assert.Equal(1 / preOverStop.Statistic.Ci95High!.Value, stopOverPre.Statistic.Ci95Low!.Value, 9);
        // RatioAtEvery shows a confirmed slice with an open upper end without failing.
        Assert.Equal(Verdict.Confirmed, Claims.RatioAtEvery(Relation.Greater, [(stopcopy, precopy), (stopcopy, precopy)]).Verdict);
    }

    [Fact]
    public void A_sum_holds_within_ten_percent_and_fails_beyond()
    {
        Assert.Equal(Verdict.Confirmed, Claims.Sum([(1000, 980, 21), (1000, 975, 24), (2000, 1960, 38)]).Verdict);
        var (statistic, verdict, _) = Claims.Sum([(1000, 500, 20), (1000, 520, 25), (1000, 480, 30)]);
        Assert.Equal(Verdict.Contradicted, verdict);
        Assert.Equal("mean relative residual", statistic.Kind);
        Assert.Equal(Verdict.Inconclusive, Claims.Sum([(1000, 990, 10), (1000, 700, 10)]).Verdict);
    }
}
