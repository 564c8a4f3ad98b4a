namespace MigrationAspire.Analytics.Tests.Statistics;

internal static class Approx
{
    /// <summary>|actual − expected| ≤ relative · |expected|, with the numbers in the failure message.</summary>
    public static void Relative(double expected, double actual, double relative)
    {
        var allowed = relative * Math.Abs(expected);
        Assert.True(
            Math.Abs(actual - expected) <= allowed,
            $"expected {expected:R} ± {allowed:G3}, got {actual:R}");
    }

    public static void Absolute(double expected, double? actual, double absolute)
    {
        Assert.NotNull(actual);
        Assert.True(
            Math.Abs(actual.Value - expected) <= absolute,
            $"expected {expected:R} ± {absolute:G3}, got {actual.Value:R}");
    }
}
