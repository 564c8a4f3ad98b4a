using System.Text.Json;
using MigrationAspire.Analytics.Statistics;

namespace MigrationAspire.Analytics.Tests.Statistics;

public sealed class DescriptiveTests
{
    [Fact]
    public void Summarizes_a_hand_worked_sample()
    {
        // Sorted 2 4 4 4 5 5 7 9: mean 40/8 = 5; median (4 + 5)/2 = 4.5;
        // p95: h = 7·0.95 = 6.65 → x₆ + 0.65·(x₇ − x₆) = 7 + 0.65·2 = 8.3 (numpy.percentile agrees);
        // Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32, s² = 32/7, s = 2.138089935…, s/√8 = √(4/7) = 0.755928946…;
        // t_{0.975, 7} = 2.364624 (table) → half-width 1.787488.
        var summary = Descriptive.Summarize([5, 2, 9, 4, 7, 4, 5, 4]);

        Assert.Equal(8, summary.N);
        Approx.Absolute(5, summary.Mean, 1e-15);
        Approx.Absolute(4.5, summary.Median, 1e-15);
        Approx.Absolute(8.3, summary.P95, 1e-14);
        Assert.Equal(2, summary.Min);
        Assert.Equal(9, summary.Max);
        Approx.Absolute(2.138089935299395, summary.StdDev, 1e-14);
        Approx.Absolute(0.7559289460184544, summary.StdError, 1e-14);
        Approx.Absolute(5 - 1.787488, summary.Ci95Low, 1e-6);
        Approx.Absolute(5 + 1.787488, summary.Ci95High, 1e-6);
    }

    [Fact]
    public void Confidence_interval_of_three_values_uses_t_with_two_degrees_of_freedom()
    {
        // 9 10 11: mean 10, s = 1, s/√3 = 0.577350; t_{0.975, 2} = 4.302653 → 10 ± 2.484138.
        var summary = Descriptive.Summarize([9, 10, 11]);

        Approx.Absolute(7.515862, summary.Ci95Low, 1e-6);
        Approx.Absolute(12.484138, summary.Ci95High, 1e-6);
    }

    [Fact]
    public void Handles_unsorted_negative_values()
    {
        // Sorted −1 0 3 10: mean 3, median 1.5, p95 = 3 + 0.85·7 = 8.95, s² = (16+9+0+49)/3 = 74/3.
        var summary = Descriptive.Summarize([-1, 10, 3, 0]);

        Approx.Absolute(3, summary.Mean, 1e-15);
        Approx.Absolute(1.5, summary.Median, 1e-15);
        Approx.Absolute(8.95, summary.P95, 1e-14);
        Approx.Absolute(Math.Sqrt(74.0 / 3), summary.StdDev, 1e-14);
    }

    [Fact]
    public void Standard_deviation_survives_a_large_common_offset()
    {
        // Same spread as 4 7 13 16 (Σ(x − 10)² = 90, s² = 30); Σx² − n·x̄² would lose it all at 1e9.
        var summary = Descriptive.Summarize([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);

        Approx.Absolute(Math.Sqrt(30), summary.StdDev, 1e-9);
    }

    [Fact]
    public void A_single_value_has_location_but_no_spread()
    {
        var summary = Descriptive.Summarize([3.5]);

        Assert.Equal(new MetricSummary
        {
            N = 1, Mean = 3.5, Median = 3.5, P95 = 3.5, Min = 3.5, Max = 3.5,
        }, summary);
        Assert.Null(summary.StdError);
    }

    [Fact]
    public void Identical_values_give_a_zero_width_interval()
    {
        var summary = Descriptive.Summarize([42, 42, 42]);

        Assert.Equal(0, summary.StdDev);
        Assert.Equal(42, summary.Ci95Low);
        Assert.Equal(42, summary.Ci95High);
    }

    [Fact]
    public void An_empty_sample_gives_the_empty_summary()
    {
        var summary = Descriptive.Summarize([]);

        Assert.Equal(0, summary.N);
        Assert.Equal(MetricSummary.Empty, summary);
        Assert.Null(summary.Mean);
        Assert.Null(summary.Ci95High);
    }

    [Fact]
    public void Serializes_with_the_names_the_api_promises()
    {
        var json = JsonSerializer.Serialize(Descriptive.Summarize([1, 2, 3]), JsonSerializerOptions.Web);
        var names = JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name);

        Assert.Equal(["n", "mean", "median", "p95", "min", "max", "stddev", "ci95Low", "ci95High"], names);
    }

    [Theory] // type 7 on 1 2 3 4: h = 3p
    [InlineData(0.0, 1.0)]
    [InlineData(0.25, 1.75)]
    [InlineData(0.5, 2.5)]
    [InlineData(0.9, 3.7)]
    [InlineData(1.0, 4.0)]
    public void Quantile_interpolates_linearly_between_order_statistics(double p, double expected) =>
        Assert.Equal(expected, Descriptive.Quantile([4, 1, 3, 2], p), 1e-14);

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Non_finite_values_are_rejected_and_named(double bad, string shown)
    {
        var error = Assert.Throws<ArgumentException>(() => Descriptive.Summarize([1, bad, 3]));

        Assert.Equal("values", error.ParamName);
        Assert.Contains($"values[1] is {shown}", error.Message);
    }

    [Fact]
    public void Quantile_rejects_empty_samples_and_probabilities_outside_the_unit_interval()
    {
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => Descriptive.Quantile([], 0.5)).ParamName);
        Assert.Equal("probability", Assert.ThrowsAny<ArgumentException>(() => Descriptive.Quantile([1], 1.5)).ParamName);
        Assert.Equal("probability", Assert.ThrowsAny<ArgumentException>(() => Descriptive.Quantile([1], double.NaN)).ParamName);
    }

    [Fact]
    public void Values_near_the_largest_double_keep_their_mean_and_lose_only_the_spread()
    {
        var summary = Descriptive.Summarize([1.7e308, 1.5e308]);

        Assert.Equal(1.6e308, summary.Mean!.Value, 1e294);
        Assert.Equal(1.6e308, summary.Median!.Value, 1e294);
        Assert.Equal(1.7e308, summary.Max);
        Assert.Null(summary.StdDev);
        Assert.Null(summary.Ci95Low);
    }

    [Fact]
    public void A_median_between_the_extremes_of_a_double_is_null_not_infinite()
    {
        var summary = Descriptive.Summarize([-double.MaxValue, double.MaxValue]);

        Assert.Equal(0, summary.Mean);
        Assert.Null(summary.Median);
        Assert.Equal(-double.MaxValue, summary.Min);
    }
}
