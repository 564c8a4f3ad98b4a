namespace MigrationAspire.Analytics.Statistics;

/// <summary>
/// The least-squares line y = Intercept + Slope·x, e.g. downtime against dirty rate.
/// Members the data do not determine are null.
/// </summary>
public sealed record TrendFit
{
    public required int N { get; init; }

    /// <summary>Null for n &lt; 2 or when every x is equal.</summary>
    public double? Slope { get; init; }

    public double? Intercept { get; init; }

    /// <summary>Coefficient of determination; null also when every y is equal (0/0).</summary>
    public double? RSquared { get; init; }

    /// <summary>Standard error of the slope; needs n ≥ 3 (n − 2 residual degrees of freedom).</summary>
    public double? SlopeStdError { get; init; }

    /// <summary>Slope ± t_{0.975, n−2} · standard error.</summary>
    public double? SlopeCi95Low { get; init; }

    public double? SlopeCi95High { get; init; }
}
