using MigrationAspire.Analytics.Statistics;

namespace MigrationAspire.Analytics.Tests.Statistics;

public sealed class PredictionErrorTests
{
    [Fact]
    public void An_underestimate_has_negative_error_and_positive_magnitudes()
    {
        // Measured 0.25 s, predicted 0.2 s: error −0.05, |error| 0.05, relative 0.05/0.25 = 0.2.
        var error = PredictionError.Of(measured: 0.25, predicted: 0.2);

        Assert.Equal(-0.05, error.Error, 1e-15);
        Assert.Equal(0.05, error.AbsoluteError, 1e-15);
        Approx.Absolute(0.2, error.RelativeError, 1e-15);
    }

    [Fact]
    public void Relative_error_is_taken_against_the_magnitude_of_the_measurement()
    {
        var error = PredictionError.Of(measured: -4, predicted: -3);

        Assert.Equal(1, error.Error);
        Approx.Absolute(0.25, error.RelativeError, 1e-15);
    }

    [Fact]
    public void A_zero_measurement_has_no_relative_error()
    {
        var error = PredictionError.Of(measured: 0, predicted: 0.1);

        Assert.Null(error.RelativeError);
        Assert.Equal(0.1, error.AbsoluteError);
    }

    [Fact]
    public void Non_finite_values_are_rejected_and_named()
    {
        Assert.Equal("measured", Assert.Throws<ArgumentException>(() => PredictionError.Of(double.NaN, 1)).ParamName);
        Assert.Equal("predicted", Assert.Throws<ArgumentException>(
            () => PredictionError.Of(1, double.PositiveInfinity)).ParamName);
    }
}
