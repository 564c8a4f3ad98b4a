using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Model;

/// <summary>
/// Turns a run's plan into the inputs of <see cref="PrecopyModel"/>. Every assumption is listed in
/// <see cref="Assumptions"/>, which the summary publishes with the figures.
/// </summary>
public static class RunModel
{
    public const double PageBytes = 4096;
    public const double MiB = 1024 * 1024;
    public const double QemuDefaultBandwidthMiBps = 128;
    public const int QemuDefaultDowntimeLimitMs = 300;
    public const int DefaultMaxPasses = 1_000;

    public static IReadOnlyList<string> Assumptions { get; } =
    [
        "V (bytes to send) = working set + guest base footprint (Analytics:GuestBaseFootprintMiB, default 48 MiB) + workload.residentPercent of the memory left beside them (the guest fills it once at boot), at most the VM's memory: QEMU sends never-written (zero) pages as few-byte markers, so the rest of the VM's memory costs next to nothing.",
        "W (working set) = workload.workingSetMiB, at most the VM's memory; no pass finds more than W dirty.",
        "D (dirty rate) = workload.dirtyRatePagesPerSecond × 4096 B for the sequential, random and hotspot patterns (for random and hotspot an upper bound: a page rewritten within one pass is sent once); for the sweep pattern D = W / workload.sweepIntervalMs. A dirty rate of 0 ('as fast as the guest can') has no prediction.",
        "R (link rate) = the lesser of migration.maxBandwidthMiBps (or QEMU's default 128 MiB/s) and the shaped link's network.bandwidthMbit; without network.bandwidthMbit the link itself is assumed never to be slower. One R for every pass: QEMU lifts its own cap for the final copy, which the model does not (so with a binding cap and no slower link it overestimates downtime).",
        "Downtime limit = migration.downtimeLimitMs, or QEMU's default 300 ms.",
        "Live passes stop at migration.maxPasses, or after 1000 passes (QEMU has no cap); the wall-time limit and its action are not modelled.",
        "Device state and the fixed switch-over cost are taken as 0; auto-converge, multifd, compression and XBZRLE are not modelled.",
        "Post-copy switches after migration.postcopyAfterPasses live passes (0: at once, and the whole of V is pulled after the switch).",
        "Measured figures compared: totalTimeMs, downtimeMs, precopyTimeMs and transferredBytes of completed runs; relative error = |predicted − measured| / |measured|, runs measuring 0 left out of it.",
    ];

    /// <summary>The model's inputs for a plan, or the reason there are none.</summary>
    public static (MigrationModelInput? Input, string? Unavailable) InputFor(RunPlan plan, double guestBaseFootprintMiB)
    {
        var memory = plan.Vm.MemoryMiB * MiB;
        var workingSet = Math.Min(plan.Workload.WorkingSetMiB * MiB, memory);
        var workload = plan.Workload;
        double? dirtyRate = workload.Pattern == WorkloadPattern.Sweep
            ? workload.SweepIntervalMs > 0 ? workingSet / (workload.SweepIntervalMs / 1000.0) : null
            : workload.DirtyRatePagesPerSecond > 0 ? workload.DirtyRatePagesPerSecond * PageBytes : null;
        if (dirtyRate is null)
        {
            return (null, "the workload dirties memory as fast as the guest can (no dirty rate to model)");
        }

        var bandwidth = (plan.Migration.MaxBandwidthMiBps ?? QemuDefaultBandwidthMiBps) * MiB;
        if (plan.Network.BandwidthMbit is { } link)
            bandwidth = Math.Min(bandwidth, link * 1_000_000 / 8);
        if (memory <= 0 || bandwidth <= 0)
        {
            return (null, "the VM has no memory or the bandwidth cap is 0");
        }

        var written = Math.Min(workingSet + guestBaseFootprintMiB * MiB, memory);
        var resident = Math.Clamp(workload.ResidentPercent, 0, 100) / 100.0 * (memory - written);
        return (new MigrationModelInput
        {
            MemoryBytes = Math.Min(written + resident, memory),
            WorkingSetBytes = workingSet,
            DirtyRateBytesPerSecond = dirtyRate.Value,
            BandwidthBytesPerSecond = bandwidth,
            DowntimeLimitSeconds = (plan.Migration.DowntimeLimitMs ?? QemuDefaultDowntimeLimitMs) / 1000.0,
            MaxPasses = Math.Max(1, plan.Migration.MaxPasses ?? DefaultMaxPasses),
            Mode = plan.Migration.Mode,
            PostcopyAfterPasses = plan.Migration.PostcopyAfterPasses,
        }, null);
    }
}
