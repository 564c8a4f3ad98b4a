using System.Text.Json;
using MigrationAspire.Analytics.Statistics;

namespace MigrationAspire.Analytics.Tests.Statistics;

public sealed class RatioOfMeansTests
{
    [Fact]
    public void Fieller_interval_for_a_hand_worked_case()
    {
        // A = 18 20 22: ā = 20, s² = 4, v_a = 4/3.   B = 9 10 11: b̄ = 10, s² = 1, v_b = 1/3.
        // ρ̂ = 2; v_a = ρ̂²·v_b, so ν = (2·4/3)² / (2·(4/3)²/2) = 4 and t_{0.975, 4} = 2.776445 (table).
        // g = t²·v_b / b̄² = 0.0257 < 1: bounded.
        // ρ = [200 ± t·√(400/3 + 400/3 − t²·4/9)] / (100 − t²/3) = [1.590396, 2.515096].
        var estimate = RatioOfMeans.Estimate([18, 20, 22], [9, 10, 11]);

        Assert.Equal(RatioMethod.Fieller, estimate.Method);
        Approx.Absolute(2, estimate.Ratio, 1e-15);
        Approx.Absolute(4, estimate.DegreesOfFreedom, 1e-12);
        Approx.Absolute(1.590396389, estimate.Ci95Low, 1e-6);
        Approx.Absolute(2.515096254, estimate.Ci95High, 1e-6);
        Assert.Equal(3, estimate.NA);
        Assert.Equal(3, estimate.NB);
    }

    [Fact]
    public void A_ratio_of_figures_that_are_never_negative_has_no_interval_below_zero()
    {
        // A = 1 2 90: ā = 31, v_a = 2611/3; B = 20 21 22. Fieller's lower end is about −4.6 (worked out by hand),
        // impossible for two non-negative means; with a negative value in A it stands.
        var nonNegative = RatioOfMeans.Estimate([1, 2, 90], [20, 21, 22]);
        var signed = RatioOfMeans.Estimate([-50, 2, 90], [20, 21, 22]);

        Assert.Equal(RatioMethod.Fieller, nonNegative.Method);
        Assert.Equal(0, nonNegative.Ci95Low);
        Assert.True(nonNegative.Ci95High > nonNegative.Ratio);
        Assert.True(signed.Ci95Low < 0, $"low end {signed.Ci95Low}");
    }

    [Fact]
    public void Fieller_interval_with_non_integer_welch_degrees_of_freedom()
    {
        // A = 10 12 14 16: ā = 13, v_a = (20/3)/4 = 5/3.  B = 5 6 7: b̄ = 6, v_b = 1/3.  ρ̂ = 13/6.
        // ν = (v_a + ρ̂²v_b)² / (v_a²/3 + (ρ̂²v_b)²/2) = 4.856402384; t_{0.975, ν} = 2.593612669 (mpmath).
        // Endpoints from the closed form above, evaluated in Python.
        var estimate = RatioOfMeans.Estimate([10, 12, 14, 16], [5, 6, 7]);

        Assert.Equal(RatioMethod.Fieller, estimate.Method);
        Approx.Absolute(4.8564023843224815, estimate.DegreesOfFreedom, 1e-12);
        Approx.Absolute(1.495326597155986, estimate.Ci95Low, 1e-9);
        Approx.Absolute(3.1258379683234874, estimate.Ci95High, 1e-9);
    }

    [Fact]
    public void Falls_back_to_the_delta_method_on_the_log_scale_when_the_denominator_is_not_significant()
    {
        // B = 1 2 6: b̄ = 3, s² = 7, v_b = 7/3; A = 2B: ā = 6, v_a = 28/3. ρ̂ = 2, ν = 4 as above.
        // g = t²·v_b / b̄² = 7.7087·(7/3)/9 = 1.9985 ≥ 1: Fieller's set is unbounded.
        // Delta on logs: SE = √(v_a/ā² + v_b/b̄²) = √(14/27); 2·exp(∓2.776445·SE) = [0.270869, 14.767312].
        var estimate = RatioOfMeans.Estimate([2, 4, 12], [1, 2, 6]);

        Assert.Equal(RatioMethod.DeltaLog, estimate.Method);
        Approx.Absolute(2, estimate.Ratio, 1e-15);
        Approx.Absolute(0.2708685258, estimate.Ci95Low, 1e-6);
        Approx.Absolute(14.767311882, estimate.Ci95High, 1e-5);
    }

    [Fact]
    public void Gives_no_interval_when_fieller_is_unbounded_and_a_mean_is_not_positive()
    {
        // B = −2 0 1: b̄ = −1/3, far from significant; logs of a negative mean do not exist.
        var estimate = RatioOfMeans.Estimate([2, 4, 12], [-2, 0, 1]);

        Assert.Equal(RatioMethod.None, estimate.Method);
        Approx.Absolute(-18, estimate.Ratio, 1e-12);
        Assert.Null(estimate.Ci95Low);
        Assert.Null(estimate.Ci95High);
    }

    [Fact]
    public void A_sample_of_one_gives_the_ratio_without_an_interval()
    {
        var estimate = RatioOfMeans.Estimate([5], [1, 2, 3]);

        Assert.Equal(new RatioEstimate { Ratio = 2.5, Method = RatioMethod.None, NA = 1, NB = 3 }, estimate);
    }

    [Fact]
    public void Empty_samples_and_a_zero_denominator_mean_leave_the_ratio_undefined()
    {
        Assert.Equal(new RatioEstimate { Method = RatioMethod.None, NA = 0, NB = 2 }, RatioOfMeans.Estimate([], [1, 2]));
        Assert.Null(RatioOfMeans.Estimate([1, 2], [-1, 0, 1]).Ratio);
    }

    [Fact]
    public void Constant_samples_give_a_zero_width_interval()
    {
        var estimate = RatioOfMeans.Estimate([4, 4], [2, 2]);

        Assert.Equal(2, estimate.Ci95Low);
        Assert.Equal(2, estimate.Ci95High);
    }

    [Fact]
    public void A_constant_numerator_still_gets_an_interval_from_the_denominator()
    {
        // v_a = 0, so ν = n_b − 1 = 2 and t = 4.302653 (table); B = 9 10 11 as above.
        // ρ = [20·10 ± t·√(400/3)] / (100 − t²/3) = [1.6020329, 2.6610387].
        var estimate = RatioOfMeans.Estimate([20, 20, 20], [9, 10, 11]);

        Approx.Absolute(2, estimate.DegreesOfFreedom, 1e-12);
        Approx.Absolute(1.6020329, estimate.Ci95Low, 1e-6);
        Approx.Absolute(2.6610387, estimate.Ci95High, 1e-6);
    }

    [Fact]
    public void The_method_is_serialized_by_name() =>
        Assert.Contains("\"method\":\"DeltaLog\"", JsonSerializer.Serialize(
            RatioOfMeans.Estimate([2, 4, 12], [1, 2, 6]), JsonSerializerOptions.Web));

    [Fact]
    public void Non_finite_values_are_rejected_and_the_sample_named()
    {
        Assert.Equal("numerator", Assert.Throws<ArgumentException>(
            () => RatioOfMeans.Estimate([1, double.NaN], [1, 2])).ParamName);
        Assert.Equal("denominator", Assert.Throws<ArgumentException>(
            () => RatioOfMeans.Estimate([1, 2], [double.PositiveInfinity])).ParamName);
    }

    [Fact]
    public void A_ratio_beyond_a_double_is_null_not_infinite()
    {
        var estimate = RatioOfMeans.Estimate([1e308, 1.2e308], [1e-308, 2e-308]);

        Assert.Null(estimate.Ratio);
        Assert.Null(estimate.Ci95Low);
        Assert.Equal(RatioMethod.None, estimate.Method);
    }

    [Fact]
    public void Spreads_whose_squares_overflow_give_the_ratio_without_an_interval()
    {
        var estimate = RatioOfMeans.Estimate([1e307, -1e307, 1e306], [1e307, -5e306, 1e307]);

        Assert.NotNull(estimate.Ratio);
        Assert.Null(estimate.Ci95Low);
        Assert.Null(estimate.DegreesOfFreedom);
    }
}
