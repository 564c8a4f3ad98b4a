using System.ComponentModel.DataAnnotations;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api;

/// <summary>The API's settings, section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// Runs (sweep combinations × repetitions) one experiment may have; larger specs get a 400. At most 5 000:
    /// validation checks every run as it would run, ~15 µs each (bench/README.md), and a request must not cost the
    /// API more than ~100 ms of CPU.
    /// </summary>
    [Range(1, 5_000)]
    public int MaxRunsPerExperiment { get; set; } = SpecLimits.DefaultMaxRuns;

    /// <summary>Where <c>/api/analytics/…</c> is forwarded; a service-discovery name unless set to a real address.</summary>
    [Required]
    public Uri AnalyticsAddress { get; set; } = new("http://analytics");
}
