using MigrationAspire.Analytics.Statistics;

namespace MigrationAspire.Analytics.Tests.Statistics;

public sealed class LogScaleTests
{
    [Fact]
    public void A_skewed_positive_sample_gets_a_positive_interval_around_its_geometric_mean()
    {
        double[] values = [5, 6, 7, 400];

        var log = LogScale.Of(values);

        // The Student t interval of this sample reaches below zero; the log-scale one cannot.
        Assert.True(Descriptive.Summarize(values).Ci95Low < 0);
        Assert.Equal(Math.Pow(5.0 * 6 * 7 * 400, 0.25), log.GeometricMean!.Value, 1e-9);
        Assert.True(log.Low > 0 && log.Low < log.GeometricMean && log.High > log.GeometricMean);
        var logs = values.Select(v => Math.Log(v)).ToArray();
        var half = StudentT.TwoSidedCritical(0.95, 3) * Math.Sqrt(logs.Sum(l => Math.Pow(l - logs.Average(), 2)) / 3) / 2;
        Assert.Equal(Math.Exp(logs.Average() + half), log.High!.Value, 1e-6);
    }

    [Fact]
    public void Fewer_than_three_runs_are_too_small_for_an_interval_and_a_zero_has_no_log_scale()
    {
        var two = LogScale.Of([10.0, 20]);
        var zero = LogScale.Of([0.0, 3, 4]);

        Assert.Equal(Math.Sqrt(200), two.GeometricMean!.Value, 1e-9);
        Assert.Null(two.Low);
        Assert.Contains("too small", two.NoInterval);
        Assert.Null(zero.GeometricMean);
        Assert.Contains("no log scale", zero.NoInterval);
        Assert.Equal("no completed run", LogScale.Of([]).NoInterval);
    }
}
