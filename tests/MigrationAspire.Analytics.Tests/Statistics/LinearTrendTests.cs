using MigrationAspire.Analytics.Statistics;

namespace MigrationAspire.Analytics.Tests.Statistics;

public sealed class LinearTrendTests
{
    [Fact]
    public void An_exact_line_is_recovered_with_r_squared_one()
    {
        var fit = LinearTrend.Fit([0, 1, 2, 3], [3, 5, 7, 9]); // y = 3 + 2x

        Approx.Absolute(2, fit.Slope, 1e-14);
        Approx.Absolute(3, fit.Intercept, 1e-14);
        Approx.Absolute(1, fit.RSquared, 1e-14);
        Approx.Absolute(0, fit.SlopeStdError, 1e-14);
        Approx.Absolute(2, fit.SlopeCi95Low, 1e-13);
        Approx.Absolute(2, fit.SlopeCi95High, 1e-13);
    }

    [Fact]
    public void An_exact_line_far_from_the_origin_keeps_its_intercept()
    {
        // x like Unix timestamps; y = 1 + 2x. Deviations from the means are −1, 0, 1: exact.
        var fit = LinearTrend.Fit([1e9, 1e9 + 1, 1e9 + 2], [2e9 + 1, 2e9 + 3, 2e9 + 5]);

        Assert.Equal(2, fit.Slope);
        Assert.Equal(1, fit.Intercept);
    }

    [Fact]
    public void A_hand_worked_noisy_set()
    {
        // x = 1..5, y = 2 4 5 4 5: x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 4+0+0+0+2 = 6, Syy = 4+0+1+0+1 = 6.
        // slope 0.6, intercept 4 − 1.8 = 2.2, SSres = Syy − slope·Sxy = 2.4, R² = 1 − 2.4/6 = 0.6,
        // SE = √(2.4/3/10) = √0.08 = 0.282843; t_{0.975, 3} = 3.182446 (table) → 0.6 ± 0.900132.
        var fit = LinearTrend.Fit([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);

        Assert.Equal(5, fit.N);
        Approx.Absolute(0.6, fit.Slope, 1e-14);
        Approx.Absolute(2.2, fit.Intercept, 1e-14);
        Approx.Absolute(0.6, fit.RSquared, 1e-14);
        Approx.Absolute(Math.Sqrt(0.08), fit.SlopeStdError, 1e-14);
        Approx.Absolute(-0.3001317, fit.SlopeCi95Low, 1e-6);
        Approx.Absolute(1.5001317, fit.SlopeCi95High, 1e-6);
    }

    [Fact]
    public void Two_points_give_a_line_but_no_standard_error()
    {
        var fit = LinearTrend.Fit([1, 3], [10, 4]);

        Approx.Absolute(-3, fit.Slope, 1e-14);
        Approx.Absolute(13, fit.Intercept, 1e-14);
        Approx.Absolute(1, fit.RSquared, 1e-14);
        Assert.Null(fit.SlopeStdError);
        Assert.Null(fit.SlopeCi95Low);
    }

    [Fact]
    public void Constant_y_gives_a_flat_line_and_no_r_squared()
    {
        var fit = LinearTrend.Fit([1, 2, 3], [7, 7, 7]);

        Assert.Equal(0, fit.Slope);
        Assert.Equal(7, fit.Intercept);
        Assert.Null(fit.RSquared);
        Assert.Equal(0, fit.SlopeStdError);
    }

    [Theory]
    [InlineData(new double[0], new double[0])]
    [InlineData(new[] { 1.0 }, new[] { 2.0 })]
    [InlineData(new[] { 4.0, 4.0, 4.0 }, new[] { 1.0, 2.0, 3.0 })]
    public void Degenerate_inputs_give_nulls(double[] x, double[] y) =>
        Assert.Equal(new TrendFit { N = x.Length }, LinearTrend.Fit(x, y));

    [Fact]
    public void Invalid_inputs_are_rejected_and_named()
    {
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => LinearTrend.Fit([1, 2], [1, 2, 3])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => LinearTrend.Fit([1, double.NaN], [1, 2])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => LinearTrend.Fit([1, 2], [double.NegativeInfinity, 2])).ParamName);
    }

    [Fact]
    public void Sums_of_squares_beyond_a_double_give_no_line()
    {
        var fit = LinearTrend.Fit([-1e200, 1e200, 1e300], [1, 2, 3]);

        Assert.Equal(new TrendFit { N = 3 }, fit);
    }
}
