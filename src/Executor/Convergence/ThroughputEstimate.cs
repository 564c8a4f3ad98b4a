using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Convergence;

/// <summary>
/// The migration's bandwidth from QEMU's throughput readings. Each reading covers QEMU's last ~100 ms and jitters,
/// so it is smoothed as KubeVirt's stall detector does (VEP 248, "Bandwidth Note"): an exponentially weighted
/// moving average seeded with the first reading.
/// </summary>
public static class ThroughputEstimate
{
    /// <summary>QEMU's <c>mbps</c> is decimal megabits per second.</summary>
    public const double BytesPerSecondPerMbps = 1e6 / 8;

    /// <returns>Bytes per second over the pre-copy samples; null before QEMU has reported a throughput above 0.</returns>
    public static double? Ewma(IEnumerable<LiveSample> samples, double alpha)
    {
        double? estimate = null;
        foreach (var sample in samples)
        {
            if (sample.Status != MigrationStatus.Active)
                continue;
            var reading = sample.ThroughputMbps * BytesPerSecondPerMbps;
            // Before the first real reading there is nothing to smooth; afterwards a 0 is a real stall of the link.
            if (estimate is null)
                estimate = reading > 0 ? reading : null;
            else
                estimate = alpha * reading + (1 - alpha) * estimate.Value;
        }
        return estimate;
    }
}
