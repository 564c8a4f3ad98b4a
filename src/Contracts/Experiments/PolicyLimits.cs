namespace MigrationAspire.Contracts;

/// <summary>
/// The bounds <see cref="ExperimentSpecValidator"/> enforces on <c>migration.policy</c>. They are wider than the
/// clouds' own minima (Nova: downtime ≥ 100 ms, steps ≥ 3, delay ≥ 3 s) so the lab can explore around them.
/// Downtimes use <see cref="SpecLimits.MinDowntimeLimitMs"/>..<see cref="SpecLimits.MaxDowntimeLimitMs"/>.
/// </summary>
public static class PolicyLimits
{
    public const int MinSteps = 1;
    public const int MaxSteps = 1_000;

    /// <summary>An hour per GiB: beyond it no step would fire within a run's longest time limit.</summary>
    public const double MaxDelaySecondsPerGiB = 3_600;

    public const double MaxMinimumGiB = 1_024;

    /// <summary>Windows, cooldowns and timeouts: no longer than a run's longest time limit.</summary>
    public const double MaxSeconds = SpecLimits.MaxMaxTimeSeconds;

    public const int MaxStartAfterPass = SpecLimits.MaxPasses;

    public const double MinPrecopyPossibleFactor = 1;
    public const double MaxPrecopyPossibleFactor = 1_000;
}
