namespace MigrationAspire.Contracts;

/// <summary>
/// The bounds <see cref="ExperimentSpecValidator"/> enforces. Each keeps an experiment inside what the lab can
/// run and measure; the reason is given where it is not obvious.
/// </summary>
public static class SpecLimits
{
    /// <summary>Names show up in tables, plot titles and file names.</summary>
    public const int NameMaxLength = 100;

    /// <summary>Below 128 MiB the guest's kernel and initramfs have no room left for a working set.</summary>
    public const int MinMemoryMiB = 128;
    /// <summary>Larger guests take longer to migrate under software emulation than a run's time limit allows.</summary>
    public const int MaxMemoryMiB = 16_384;

    public const int MinVcpus = 1;
    public const int MaxVcpus = 16;

    /// <summary>What the guest's kernel and initramfs need; the working set has to fit in the rest.</summary>
    public const int GuestReservedMiB = 96;

    public const int MinWorkingSetMiB = 1;

    /// <summary>0 means "as fast as the guest can"; 2 000 000 pages/s (≈ 7.6 GiB/s) is beyond any guest here.</summary>
    public const int MaxDirtyRatePagesPerSecond = 2_000_000;

    /// <summary>A share of the guest's free memory, in percent; the guest itself keeps a safety margin free.</summary>
    public const int MinResidentPercent = 0;
    public const int MaxResidentPercent = 100;

    /// <summary>The seed study's load test rewrites the whole working set once per interval.</summary>
    public const int MinSweepIntervalMs = 10;
    public const int MaxSweepIntervalMs = 60_000;

    /// <summary>
    /// QEMU enforces <c>max-bandwidth</c> as a byte budget per 100 ms window (rate / 10, rounded down; 0 means no
    /// limit, so below 10 B/s the cap silently vanishes) and checks it only after a write, so each window sends at
    /// least one whole 4 KiB page. From 1 MiB/s a window holds 25 pages and the overshoot stays within ~4 %;
    /// below ~40 KiB/s QEMU cannot hold the cap at all, and a run would be labelled with a rate it never had.
    /// </summary>
    public const double MinBandwidthMiBps = 1;
    /// <summary>100 000 MiB/s: faster than any link; QEMU's default (128 MiB/s) applies when unset.</summary>
    public const double MaxBandwidthMiBps = 100_000;

    public const int MinDowntimeLimitMs = 1;
    public const int MaxDowntimeLimitMs = 60_000;

    public const int MinPostcopyAfterPasses = 0;
    public const int MaxPostcopyAfterPasses = 100;

    /// <summary>QEMU accepts 1–99 for both auto-converge percentages.</summary>
    public const int MinThrottlePercent = 1;
    public const int MaxThrottlePercent = 99;

    public const int MinMultifdChannels = 1;
    public const int MaxMultifdChannels = 32;

    public const int MinXbzrleCacheMiB = 1;

    public const int MinPasses = 1;
    public const int MaxPasses = 10_000;

    /// <summary>A migration that has not finished in an hour will not; every run needs a bound (docs/machine-facts.md: a guest can outrun pre-copy forever).</summary>
    /// <summary>A link's rate, Mbit/s: above 0 (absent means unshaped), at most 100 Gbit/s.</summary>
    public const double MaxLinkBandwidthMbit = 100_000;

    /// <summary>One-way delay and jitter of a link; 10 s is far beyond any network the seed studied.</summary>
    public const double MaxLinkDelayMs = 10_000;

    public const double MinMaxTimeSeconds = 1;
    public const double MaxMaxTimeSeconds = 3_600;

    public const int MinRepetitions = 1;
    public const int MaxRepetitions = 1_000;

    /// <summary>Each run in flight holds two guests' memory on the hosts.</summary>
    public const int MinConcurrentRuns = 1;
    public const int MaxConcurrentRuns = 16;

    /// <summary>A queue timeout is the user's limit on waiting for other experiments; a week is beyond any queue here.</summary>
    public const double MinQueueTimeoutSeconds = 1;
    public const double MaxQueueTimeoutSeconds = 604_800;

    /// <summary>Runs (sweep combinations × repetitions) one experiment may have unless the caller passes another limit.</summary>
    public const int DefaultMaxRuns = 500;
}
