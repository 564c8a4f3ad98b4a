using MigrationAspire.Analytics.Statistics;

namespace MigrationAspire.Analytics.Tests.Statistics;

public sealed class SpecialFunctionsTests
{
    // ln Γ at points with closed forms (√π, factorials) and, for 100, 10⁶ and 0.01,
    // mpmath.loggamma at 30 digits.
    [Theory]
    [InlineData(0.5, 0.57236494292470008707)]  // ln √π
    [InlineData(1.5, -0.12078223763524522235)] // ln(√π / 2)
    [InlineData(5.0, 3.1780538303479456196)]   // ln 4!
    [InlineData(10.0, 12.801827480081469611)]  // ln 9!
    [InlineData(100.0, 359.13420536957539878)]
    [InlineData(1e6, 12815504.56914761166)]
    [InlineData(0.01, 4.5994798780420217225)]
    public void LogGamma_matches_reference_values(double x, double expected) =>
        Approx.Relative(expected, SpecialFunctions.LogGamma(x), 1e-13);

    [Fact]
    public void LogGamma_is_zero_at_one_and_two() // Γ(1) = Γ(2) = 1
    {
        Assert.Equal(0, SpecialFunctions.LogGamma(1), 1e-14);
        Assert.Equal(0, SpecialFunctions.LogGamma(2), 1e-14);
    }

    [Fact]
    public void LogBeta_stays_accurate_when_one_argument_is_huge() =>
        // mpmath: log(beta(5e8, 0.5)); the naive ln Γ difference loses ~6 digits here.
        Approx.Relative(-9.4426943850185328363, SpecialFunctions.LogBeta(5e8, 0.5), 1e-12);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.37)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void IncompleteBeta_matches_closed_forms(double x)
    {
        Assert.Equal(x, SpecialFunctions.RegularizedIncompleteBeta(1, 1, x), 1e-15);
        Assert.Equal(Math.Pow(x, 3.5), SpecialFunctions.RegularizedIncompleteBeta(3.5, 1, x), 1e-14);
        Assert.Equal(1 - Math.Pow(1 - x, 4.2), SpecialFunctions.RegularizedIncompleteBeta(1, 4.2, x), 1e-14);
        // I_x(½, ½) is the arcsine distribution's CDF.
        Assert.Equal(2 / Math.PI * Math.Asin(Math.Sqrt(x)), SpecialFunctions.RegularizedIncompleteBeta(0.5, 0.5, x), 1e-14);
    }

    [Fact]
    public void IncompleteBeta_of_integer_parameters_is_a_binomial_tail()
    {
        // I_0.4(2, 3) = P(Binomial(4, 0.4) ≥ 2) = 6·0.4²·0.6² + 4·0.4³·0.6 + 0.4⁴ = 0.3456 + 0.1536 + 0.0256.
        Assert.Equal(0.5248, SpecialFunctions.RegularizedIncompleteBeta(2, 3, 0.4), 1e-14);
    }

    [Theory] // mpmath.betainc(a, b, 0, x, regularized=True) at 30 digits
    [InlineData(2.5, 7.25, 0.2, 0.38444272519976458)]
    [InlineData(3000, 3000, 0.51, 0.93934323647065223)]
    [InlineData(500000, 0.5, 0.999996, 0.045500101923263158)]
    public void IncompleteBeta_matches_mpmath(double a, double b, double x, double expected) =>
        Approx.Relative(expected, SpecialFunctions.RegularizedIncompleteBeta(a, b, x), 1e-10);

    [Fact]
    public void IncompleteBeta_satisfies_its_reflection_identity()
    {
        var direct = SpecialFunctions.RegularizedIncompleteBeta(4.5, 2.25, 0.7);
        var reflected = 1 - SpecialFunctions.RegularizedIncompleteBeta(2.25, 4.5, 0.3);
        Assert.Equal(reflected, direct, 1e-14);
    }

    [Fact]
    public void Log1P_keeps_digits_that_log_of_one_plus_x_loses()
    {
        // ln(1 + x) = x − x²/2 + x³/3 − …; at x = 1e-10 two terms are exact to 1e-31.
        const double x = 1e-10;
        Approx.Relative(x - x * x / 2, SpecialFunctions.Log1P(x), 1e-15);
    }

    [Fact]
    public void Log1P_does_not_overflow_for_huge_arguments() =>
        Approx.Relative(704.59103845617797931, SpecialFunctions.Log1P(1e306), 1e-15); // 306 · ln 10

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void LogGamma_rejects_non_positive_arguments(double x) =>
        Assert.Equal("x", Assert.ThrowsAny<ArgumentException>(() => SpecialFunctions.LogGamma(x)).ParamName);

    [Fact]
    public void IncompleteBeta_rejects_bad_arguments()
    {
        Assert.Equal("x", Assert.ThrowsAny<ArgumentException>(
            () => SpecialFunctions.RegularizedIncompleteBeta(1, 1, 1.5)).ParamName);
        Assert.Equal("a", Assert.ThrowsAny<ArgumentException>(
            () => SpecialFunctions.RegularizedIncompleteBeta(0, 1, 0.5)).ParamName);
        Assert.Equal("b", Assert.ThrowsAny<ArgumentException>(
            () => SpecialFunctions.RegularizedIncompleteBeta(1, double.NaN, 0.5)).ParamName);
    }
}
