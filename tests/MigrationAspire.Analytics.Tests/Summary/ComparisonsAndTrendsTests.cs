using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Summary;
using MigrationAspire.Analytics.Tests.Statistics;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Summary;

public sealed class ComparisonsAndTrendsTests
{
    private static GroupData Group(int firstIndex, (string Path, string Raw)[] parameters, params double[] downtimes) =>
        new(string.Join(' ', parameters.Select(p => $"{p.Path}={p.Raw}")), firstIndex,
            new RunTally(downtimes.Length, downtimes.Length, 0, 0),
            parameters.Select(p => new RunParameter { Path = p.Path, Value = p.Raw }).ToArray(),
            TestRuns.Plan("exp", firstIndex, parameters), null,
            Metrics.MetricCatalog.Summarized.ToDictionary(m => m.Name, m => m.Name == "downtimeMs" ? downtimes : []));

    [Fact]
    public void Modes_are_compared_as_a_ratio_of_means_with_fiellers_interval()
    {
        // stop-and-copy 1000, 1100, 1200 over pre-copy 100, 110, 120: ratio 1100/110 = 10.
        // Variances of the means 10000/3 and 100/3; Welch–Satterthwaite at ρ̂ = 10 gives
        // ν = (2·10000/3)² / (2·(10000/3)²/2) = 4, t(0.975, 4) = 2.776445 (table).
        // Fieller: [ā·b̄ ∓ t·√(ā²·v_b + b̄²·v_a − t²·v_a·v_b)] / (b̄² − t²·v_b) = [8.122590, 12.311344].
        GroupData[] groups =
        [
            Group(0, [TestRuns.Mode("precopy")], 100, 110, 120),
            Group(3, [TestRuns.Mode("stopcopy")], 1000, 1100, 1200),
        ];

        var comparison = Assert.Single(Comparisons.Of(groups, SweepLayout.Of(groups)));

        Assert.Equal("migration.mode", comparison.Parameter);
        Assert.Equal("stopcopy", comparison.Numerator.GetString());
        Assert.Equal("precopy", comparison.Denominator.GetString());
        Assert.Empty(comparison.At);
        var ratio = comparison.Metrics["downtimeMs"];
        Approx.Absolute(10, ratio.Ratio, 1e-12);
        Approx.Absolute(4, ratio.DegreesOfFreedom, 1e-9);
        Approx.Absolute(8.122590350265611, ratio.Ci95Low, 1e-6);
        Approx.Absolute(12.311343510845651, ratio.Ci95High, 1e-6);
        Assert.Equal(RatioMethod.Fieller, ratio.Method);
        Assert.False(comparison.Metrics.ContainsKey("totalTimeMs"));
    }

    [Fact]
    public void Comparisons_hold_the_other_swept_parameters_equal()
    {
        GroupData[] groups =
        [
            Group(0, [TestRuns.Mode("precopy"), TestRuns.Memory(256)], 10, 12),
            Group(2, [TestRuns.Mode("precopy"), TestRuns.Memory(512)], 20, 22),
            Group(4, [TestRuns.Mode("stopcopy"), TestRuns.Memory(256)], 100, 120),
            Group(6, [TestRuns.Mode("stopcopy"), TestRuns.Memory(512)], 400, 440),
        ];

        var comparisons = Comparisons.Of(groups, SweepLayout.Of(groups));

        var byMode = comparisons.Where(c => c.Parameter == "migration.mode").ToList();
        Assert.Equal(2, byMode.Count);
        Assert.Equal(256, byMode[0].At["vm.memoryMiB"].GetInt32());
        Approx.Absolute(110.0 / 11, byMode[0].Metrics["downtimeMs"].Ratio, 1e-12);
        Assert.Equal(512, byMode[1].At["vm.memoryMiB"].GetInt32());
        Approx.Absolute(420.0 / 21, byMode[1].Metrics["downtimeMs"].Ratio, 1e-12);

        var byMemory = comparisons.Where(c => c.Parameter == "vm.memoryMiB").ToList();
        Assert.Equal(["precopy", "stopcopy"], byMemory.Select(c => c.At["migration.mode"].GetString()));
        Approx.Absolute(21.0 / 11, byMemory[0].Metrics["downtimeMs"].Ratio, 1e-12);
    }

    [Fact]
    public void Trends_fit_every_run_against_a_numeric_parameter_per_value_of_the_others()
    {
        // Pre-copy: (256, 10), (256, 12), (512, 20), (512, 22), (1024, 40), (1024, 42): the pair means
        // 11, 21, 41 lie on y = 1 + x/25.6, each run ±1 off it, so slope 0.0390625 and intercept 1;
        // SSres = 6, Syy = 939.333…, R² = 1 − 6/939.333 = 0.993612; SE(slope) = √(6/4/Sxx) = 0.0015660.
        GroupData[] groups =
        [
            Group(0, [TestRuns.Mode("precopy"), TestRuns.Memory(256)], 10, 12),
            Group(2, [TestRuns.Mode("precopy"), TestRuns.Memory(512)], 20, 22),
            Group(4, [TestRuns.Mode("precopy"), TestRuns.Memory(1024)], 40, 42),
            Group(6, [TestRuns.Mode("stopcopy"), TestRuns.Memory(256)], 500, 500),
            Group(8, [TestRuns.Mode("stopcopy"), TestRuns.Memory(512)], 1000, 1000),
        ];

        var trends = Trends.Of(groups, SweepLayout.Of(groups));

        Assert.All(trends, t => Assert.Equal("vm.memoryMiB", t.Parameter));
        Assert.Equal(2, trends.Count);
        var precopy = trends[0].Metrics["downtimeMs"];
        Assert.Equal("precopy", trends[0].At["migration.mode"].GetString());
        Assert.Equal(6, precopy.N);
        Approx.Absolute(0.0390625, precopy.Slope, 1e-15);
        Approx.Absolute(1, precopy.Intercept, 1e-12);
        Approx.Absolute(0.99361249112846, precopy.RSquared, 1e-12);
        Approx.Absolute(0.0015659838393306117, precopy.SlopeStdError, 1e-15);
        Approx.Absolute(0.03471463183447167, precopy.SlopeCi95Low, 1e-9);

        var stopcopy = trends[1].Metrics["downtimeMs"];
        Approx.Absolute(500.0 / 256, stopcopy.Slope, 1e-12);
        Approx.Absolute(1, stopcopy.RSquared, 1e-12);
    }

    [Fact]
    public void Text_parameters_and_single_values_have_no_trend()
    {
        GroupData[] groups =
        [
            Group(0, [TestRuns.Mode("precopy"), TestRuns.Memory(256)], 10),
            Group(1, [TestRuns.Mode("stopcopy"), TestRuns.Memory(256)], 20),
        ];

        Assert.Empty(Trends.Of(groups, SweepLayout.Of(groups)));
    }
}
