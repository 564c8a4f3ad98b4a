using MigrationAspire.Analytics.Statistics;

namespace MigrationAspire.Analytics.Tests.Statistics;

public sealed class StudentTTests
{
    // Printed tables give six decimals, so the check is half a unit in the last place.
    private const double TableTolerance = 5e-7 + 1e-12;

    [Theory] // t_{0.975, ν}, standard table
    [InlineData(1, 12.706205)]
    [InlineData(2, 4.302653)]
    [InlineData(3, 3.182446)]
    [InlineData(5, 2.570582)]
    [InlineData(10, 2.228139)]
    [InlineData(30, 2.042272)]
    [InlineData(100, 1.983972)]
    public void Critical_value_at_95_percent_matches_the_table(double nu, double expected) =>
        Assert.Equal(expected, StudentT.TwoSidedCritical(0.95, nu), TableTolerance);

    [Theory] // t_{0.995, ν}, standard table
    [InlineData(1, 63.656741)]
    [InlineData(2, 9.924843)]
    [InlineData(3, 5.840909)]
    [InlineData(5, 4.032143)]
    [InlineData(10, 3.169273)]
    [InlineData(30, 2.749996)]
    [InlineData(100, 2.625891)]
    public void Critical_value_at_99_percent_matches_the_table(double nu, double expected) =>
        Assert.Equal(expected, StudentT.TwoSidedCritical(0.99, nu), TableTolerance);

    [Theory] // non-integer ν as Welch–Satterthwaite produces; mpmath, inverting betainc at 30 digits
    [InlineData(2.5, 0.975, 3.57465484200368)]
    [InlineData(7.3, 0.975, 2.3450667365477)]
    [InlineData(17.9, 0.995, 2.88030973778529)]
    [InlineData(1e6, 0.975, 1.95996635681411)]
    public void Quantile_handles_real_valued_degrees_of_freedom(double nu, double p, double expected) =>
        Approx.Relative(expected, StudentT.Quantile(p, nu), 1e-9);

    [Theory]
    [InlineData(0.975)]
    [InlineData(0.6)]
    [InlineData(0.999)]
    [InlineData(0.01)]
    public void Quantile_matches_closed_forms_for_one_and_two_degrees_of_freedom(double p)
    {
        // ν = 1 is the Cauchy distribution; ν = 2 has F⁻¹(p) = (2p − 1) / √(2p(1 − p)).
        Approx.Relative(Math.Tan(Math.PI * (p - 0.5)), StudentT.Quantile(p, 1), 1e-10);
        Approx.Relative((2 * p - 1) / Math.Sqrt(2 * p * (1 - p)), StudentT.Quantile(p, 2), 1e-10);
    }

    [Theory]
    [InlineData(-40.0)]
    [InlineData(-1.3)]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(7.0)]
    public void Cdf_matches_closed_forms_for_one_and_two_degrees_of_freedom(double t)
    {
        Assert.Equal(0.5 + Math.Atan(t) / Math.PI, StudentT.Cdf(t, 1), 1e-14);
        Assert.Equal(0.5 + t / (2 * Math.Sqrt(2 + t * t)), StudentT.Cdf(t, 2), 1e-14);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.8)]
    [InlineData(3.0)]
    [InlineData(1e50)]
    public void Density_matches_closed_forms_for_one_and_two_degrees_of_freedom(double t)
    {
        // ν = 1: 1/(π(1 + t²)); ν = 2: (2 + t²)^(−3/2).
        Approx.Relative(1 / (Math.PI * (1 + t * t)), StudentT.Density(t, 1), 1e-13);
        Approx.Relative(Math.Pow(2 + t * t, -1.5), StudentT.Density(t, 2), 1e-13);
    }

    [Fact]
    public void Density_is_finite_where_t_squared_overflows() =>
        // mpmath at 40 digits; t² = 1e400 is beyond the largest double.
        Approx.Relative(1.0485021701515677247e-261, StudentT.Density(1e200, 0.3), 1e-12);

    [Fact]
    public void Cdf_matches_mpmath_for_other_degrees_of_freedom()
    {
        Approx.Relative(0.88470806737758847, StudentT.Cdf(1.5, 3), 1e-12);
        Approx.Relative(0.041970519667051605, StudentT.Cdf(-2, 7.3), 1e-11);
    }

    [Theory]
    [InlineData(0.4, 3.0)]
    [InlineData(2.1, 10.0)]
    [InlineData(9.0, 1.5)]
    public void Cdf_is_symmetric_about_zero(double t, double nu) =>
        Assert.Equal(1 - StudentT.Cdf(t, nu), StudentT.Cdf(-t, nu), 1e-15);

    [Theory]
    [InlineData(0.9, 4.0)]
    [InlineData(0.999, 12.5)]
    [InlineData(1e-6, 2.0)]
    public void Cdf_inverts_the_quantile(double p, double nu) =>
        Approx.Relative(p, StudentT.Cdf(StudentT.Quantile(p, nu), nu), 1e-12);

    [Fact]
    public void Large_degrees_of_freedom_approach_the_normal_distribution()
    {
        // z_{0.975} = 1.959964 (1.95996398454 to 12 digits); t_ν − z ≈ (z³ + z) / 4ν ≈ 2.4e-9 at ν = 1e9.
        Assert.Equal(1.959964, StudentT.TwoSidedCritical(0.95, 1e9), TableTolerance);
        Approx.Relative(1.95996398454005, StudentT.TwoSidedCritical(0.95, 1e9), 1e-8);
        Assert.Equal(2.575829, StudentT.TwoSidedCritical(0.99, 1e9), TableTolerance);
    }

    [Fact]
    public void Far_tails_where_t_squared_overflows_keep_their_digits()
    {
        // Cauchy (ν = 1): F⁻¹(p) = −cot(πp) and, for large t, P(T < −t) = 1/(πt) + O(t⁻³).
        Approx.Relative(-1 / Math.Tan(Math.PI * 1e-300), StudentT.Quantile(1e-300, 1), 1e-12);
        Approx.Relative(1 / (Math.PI * 1e200), StudentT.Cdf(-1e200, 1), 1e-12);
        // Beyond the largest double the quantile is −∞, not a wrong finite number.
        Assert.Equal(double.NegativeInfinity, StudentT.Quantile(1e-300, 0.3));
    }

    [Fact]
    public void The_median_is_zero() => Assert.Equal(0, StudentT.Quantile(0.5, 3));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Invalid_degrees_of_freedom_are_rejected(double nu)
    {
        Assert.Equal("degreesOfFreedom", Assert.ThrowsAny<ArgumentException>(() => StudentT.Cdf(1, nu)).ParamName);
        Assert.Equal("degreesOfFreedom", Assert.ThrowsAny<ArgumentException>(() => StudentT.Quantile(0.9, nu)).ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Probabilities_outside_the_open_unit_interval_are_rejected(double p)
    {
        Assert.Equal("probability", Assert.ThrowsAny<ArgumentException>(() => StudentT.Quantile(p, 5)).ParamName);
        Assert.Equal("confidence", Assert.ThrowsAny<ArgumentException>(() => StudentT.TwoSidedCritical(p, 5)).ParamName);
    }

    [Fact]
    public void A_NaN_argument_to_the_cdf_is_rejected() =>
        Assert.Equal("t", Assert.ThrowsAny<ArgumentException>(() => StudentT.Cdf(double.NaN, 5)).ParamName);
}
