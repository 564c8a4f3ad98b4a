using System.ComponentModel.DataAnnotations;

namespace MigrationAspire.Contracts;

/// <summary>
/// What every service that takes experiments allows alike, configuration section <c>Experiments</c>: the API when it
/// reads a spec, the scheduler when it stores one. The app host passes <c>Lab:MaxRunsPerExperiment</c> to both.
/// </summary>
public sealed class ExperimentLimits
{
    public const string Section = "Experiments";

    /// <summary>
    /// Runs (sweep combinations × repetitions) one experiment may have; larger specs get a 400. At most 5 000:
    /// validation checks every run as it would run, ~15 µs each (bench/README.md), and a request must not cost the
    /// API more than ~100 ms of CPU.
    /// </summary>
    [Range(1, 5_000)]
    public int MaxRunsPerExperiment { get; set; } = SpecLimits.DefaultMaxRuns;
}
