using System.Text.Json.Serialization;

namespace MigrationAspire.Analytics.Statistics;

/// <summary>How a modelled migration ends.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelOutcome>))]
public enum ModelOutcome
{
    /// <summary>Pre-copy shrank the dirty set until it fit the downtime limit.</summary>
    Converged,

    /// <summary>The dirty set was still shrinking, but MaxPasses forced switch-over above the limit.</summary>
    PassLimitReached,

    /// <summary>
    /// D ≥ R and the working set does not fit the limit: passes never shrink, so QEMU would run
    /// until cancelled. The figures describe switch-over forced after MaxPasses.
    /// </summary>
    NonConvergent,

    /// <summary>Stop-and-copy: no live passes at all.</summary>
    StopAndCopy,

    /// <summary>Post-copy: the guest moved after the requested passes; the rest is pulled afterwards.</summary>
    SwitchedToPostcopy,
}
