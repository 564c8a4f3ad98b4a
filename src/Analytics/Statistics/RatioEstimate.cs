namespace MigrationAspire.Analytics.Statistics;

/// <summary>
/// mean(A) / mean(B) with its 95 % confidence interval, e.g. pre-copy downtime over
/// stop-and-copy downtime at equal other parameters. Null members are undefined for the data.
/// </summary>
public sealed record RatioEstimate
{
    /// <summary>mean(A) / mean(B); null when a sample is empty or mean(B) is zero.</summary>
    public double? Ratio { get; init; }

    public double? Ci95Low { get; init; }

    public double? Ci95High { get; init; }

    public required RatioMethod Method { get; init; }

    /// <summary>Welch–Satterthwaite degrees of freedom of the interval's t quantile.</summary>
    public double? DegreesOfFreedom { get; init; }

    public required int NA { get; init; }

    public required int NB { get; init; }
}
