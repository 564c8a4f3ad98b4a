using System.ComponentModel.DataAnnotations;

namespace MigrationAspire.Contracts;

/// <summary>
/// What every service that takes experiments allows alike, configuration section <c>Experiments</c>: the API when it
/// reads a spec, the scheduler when it stores one. The app host passes <c>Lab:MaxRunsPerExperiment</c> to both.
/// </summary>
public sealed class ExperimentLimits
{
    public const string Section = "Experiments";

    /// <summary>Runs (sweep combinations × repetitions) one experiment may have; larger specs get a 400.</summary>
    [Range(1, 100_000)]
    public int MaxRunsPerExperiment { get; set; } = SpecLimits.DefaultMaxRuns;
}
