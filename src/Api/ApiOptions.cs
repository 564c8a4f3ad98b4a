using System.ComponentModel.DataAnnotations;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api;

/// <summary>The API's settings, section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Runs (sweep combinations × repetitions) one experiment may have; larger specs get a 400.</summary>
    [Range(1, 100_000)]
    public int MaxRunsPerExperiment { get; set; } = SpecLimits.DefaultMaxRuns;

    /// <summary>Where <c>/api/analytics/…</c> is forwarded; a service-discovery name unless set to a real address.</summary>
    [Required]
    public Uri AnalyticsAddress { get; set; } = new("http://analytics");
}
