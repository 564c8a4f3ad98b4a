using System.Text.Json.Serialization;

namespace MigrationAspire.Analytics.Statistics;

/// <summary>How the confidence interval of a <see cref="RatioEstimate"/> was obtained.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RatioMethod>))]
public enum RatioMethod
{
    /// <summary>No interval: a sample has fewer than two values, or neither method applies.</summary>
    None,

    /// <summary>Fieller's theorem with Welch–Satterthwaite degrees of freedom.</summary>
    Fieller,

    /// <summary>
    /// Delta method on the log scale, used when Fieller's set is unbounded; it is the
    /// narrower, less conservative of the two, which is why it is named in the result.
    /// </summary>
    DeltaLog,
}
