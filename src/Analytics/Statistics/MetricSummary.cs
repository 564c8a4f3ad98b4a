using System.Text.Json.Serialization;

namespace MigrationAspire.Analytics.Statistics;

/// <summary>
/// Summary statistics of one metric over the runs of a sweep group. Members are null where a
/// sample of size <see cref="N"/> does not define them; serialized in camelCase they carry the
/// names the public API promises: n, mean, median, p95, min, max, stddev, ci95Low, ci95High.
/// </summary>
public sealed record MetricSummary
{
    public static MetricSummary Empty { get; } = new() { N = 0 };

    public required int N { get; init; }

    public double? Mean { get; init; }

    public double? Median { get; init; }

    /// <summary>95th percentile, linear interpolation (R type 7); see <see cref="Descriptive.Quantile"/>.</summary>
    public double? P95 { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>Sample standard deviation (divisor n − 1); null for n &lt; 2.</summary>
    // The API spells it "stddev", which camelCase would render as "stdDev".
    [JsonPropertyName("stddev")]
    public double? StdDev { get; init; }

    /// <summary>Lower end of the 95 % Student t confidence interval of the mean; null for n &lt; 2.</summary>
    public double? Ci95Low { get; init; }

    /// <summary>Upper end of the 95 % Student t confidence interval of the mean; null for n &lt; 2.</summary>
    public double? Ci95High { get; init; }

    /// <summary>Standard error of the mean, s / √n; derived, so it stays out of the wire format.</summary>
    [JsonIgnore]
    public double? StdError => StdDev / Math.Sqrt(N);
}
