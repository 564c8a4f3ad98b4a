using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Convergence;

/// <summary>
/// A live forecast of a pre-copy migration from its progress, with the iterative pre-copy model of the
/// literature (Clark et al. 2005; Akoush et al. 2010) and QEMU's own switch-over rule, as
/// Analytics' <c>PrecopyModel</c> has them, but started from where the migration is now:
/// <list type="bullet">
/// <item>R, the bandwidth: QEMU's throughput readings, smoothed (<see cref="ThroughputEstimate"/>);
/// D, the dirty rate: the highest of QEMU's <c>dirty-pages-rate</c>, the pre-migration probe and the last pass's
/// dirtied bytes over its duration (each a lower bound, see <see cref="DirtyBytesPerSecond"/>);
/// T, the downtime limit in force;</item>
/// <item>the current pass ends when its pending bytes are sent, at the rate they have drained since it began
/// (zero pages go as markers, so the first pass drains faster than R), or in the first pass when the plan's data
/// bytes not yet sent have gone at R (<see cref="MigrationProgress.PlannedDataBytes"/>); the next pass finds what the guest
/// dirtied meanwhile, at most the working set (the largest remaining seen at a pass boundary from pass 2 on;
/// before that the plan's working set, or the guest's memory without one);</item>
/// <item>every later pass sends V in V/R and leaves min(W, D·V/R); QEMU switches over at the start of the first
/// pass whose V ≤ R·T, and the final copy takes V over the switch-over rate (unthrottled: docs/machine-facts.md);</item>
/// <item>it will not converge when the pending bytes stop shrinking above R·T (D ≥ R and W > R·T), or when the
/// switch-over would come after the run's time limit or past its pass limit.</item>
/// </list>
/// </summary>
public static class EtaPredictor
{
    /// <summary>As KubeVirt's stall detector weighs bandwidth readings.</summary>
    public const double BandwidthAlpha = 0.4;

    /// <summary>More passes than any run may make (<see cref="SpecLimits.MaxPasses"/>) counts as never.</summary>
    public const long MaxPredictedPasses = 100_000;

    /// <returns>The forecast at the latest sample; null outside active pre-copy or before R and D are known.</returns>
    public static ConvergencePrediction? Predict(MigrationProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.Samples.IsEmpty || progress.Passes.IsEmpty || progress.Samples[^1].Status != MigrationStatus.Active)
            return null;
        if (ThroughputEstimate.Ewma(progress.Samples, BandwidthAlpha) is not { } rate
            || DirtyBytesPerSecond(progress) is not { } dirtyRate)
            return null;

        var now = progress.Samples[^1];
        var pass = progress.Passes[^1];
        var threshold = rate * progress.DowntimeLimitMs / 1000;
        var workingSet = progress.Passes.Where(p => p.Pass >= 2).Select(p => (double)p.RemainingBytes)
            .DefaultIfEmpty(Math.Min(progress.PlannedWorkingSetBytes ?? progress.MemoryBytes, progress.MemoryBytes)).Max();

        var (seconds, pending, switchPass) = (0.0, (double)now.RemainingBytes, pass.Pass);
        if (!(progress.AtPassBoundary && pending <= threshold))
        {
            var passSeconds = (now.AtMs - pass.AtMs) / 1000;
            var drained = pass.RemainingBytes - now.RemainingBytes;
            var drainRate = passSeconds > 0 && drained > 0 ? drained / passSeconds : rate;
            var dataLeft = pass.Pass == 1 && progress.PlannedDataBytes is { } data ? data - now.TransferredBytes : 0;
            seconds = dataLeft > 0 ? Math.Min(dataLeft, pending) / rate : pending / drainRate;
            pending = Math.Min(workingSet, dirtyRate * (passSeconds + seconds));
            switchPass++;
            while (pending > threshold)
            {
                var passTime = pending / rate;
                var next = Math.Min(workingSet, dirtyRate * passTime);
                if (next >= pending || switchPass >= MaxPredictedPasses)
                    return Verdict(progress, false);
                (seconds, pending, switchPass) = (seconds + passTime, next, switchPass + 1);
            }
        }

        var beforeTimeLimit = progress.MaxTime is not { } maxTime || progress.AtMs + seconds * 1000 < maxTime.TotalMilliseconds;
        // The pass limit fires once a pass beyond it is seen running; a switch-over at the sync that begins it comes first.
        var withinPassLimit = progress.MaxPasses is not { } maxPasses || switchPass <= maxPasses + 1;
        if (!beforeTimeLimit || !withinPassLimit)
            return Verdict(progress, false);
        var downtimeMs = pending / (progress.SwitchoverBytesPerSecond ?? rate) * 1000;
        return Verdict(progress, true) with
        {
            EtaMs = seconds * 1000 + downtimeMs,
            PredictedDowntimeMs = downtimeMs,
            SwitchoverPass = switchPass,
        };
    }

    /// <summary>
    /// The highest of three readings, each a lower bound: QEMU's rate (published at a bitmap sync at least a second
    /// after the last, so none in the first pass), the pre-migration probe's, and what the last pass left dirty over
    /// its duration. Each counts distinct pages per period, so a working set rewritten faster than the period reads
    /// as W / period: the head-to-head's guest rewriting 24 MiB at 12 000 pages/s read 6 000 at the 1 s probe, 2 341
    /// over its 2.6 s first pass and 7 400 over 0.75 s passes. Null in the first pass without a probe.
    /// </summary>
    private static double? DirtyBytesPerSecond(MigrationProgress progress)
    {
        var page = (double)progress.PageSizeBytes;
        var published = progress.Samples[^1].DirtyPagesRate > 0 ? progress.Samples[^1].DirtyPagesRate * page : (double?)null;
        var probed = progress.ProbedDirtyPagesRate * page;
        double? observed = null;
        if (progress.Passes.Count >= 2 && (progress.Passes[^1].AtMs - progress.Passes[^2].AtMs) / 1000 is var seconds and > 0)
            observed = progress.Passes[^1].RemainingBytes / seconds;
        double?[] readings = [published, probed, observed];
        if (readings.All(r => r is null))
            return progress.Pass >= 2 ? 0 : null;
        return readings.Max();
    }

    private static ConvergencePrediction Verdict(MigrationProgress progress, bool willConverge) => new()
    {
        AtMs = progress.AtMs,
        Pass = progress.Pass,
        WillConverge = willConverge,
        DowntimeLimitMs = progress.DowntimeLimitMs,
    };
}
