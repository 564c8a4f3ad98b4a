using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Convergence;

/// <summary>
/// A live forecast of a pre-copy migration from its progress, with the iterative pre-copy model of the
/// literature (Clark et al. 2005; Akoush et al. 2010) and QEMU's own switch-over rule, as
/// Analytics' <c>PrecopyModel</c> has them, but started from where the migration is now:
/// <list type="bullet">
/// <item>R, the bandwidth: QEMU's throughput readings, smoothed (<see cref="ThroughputEstimate"/>);
/// D, the dirty rate: QEMU's <c>dirty-pages-rate</c> from pass 2 on, the pre-migration probe before;
/// T, the downtime limit in force;</item>
/// <item>the current pass ends when its pending bytes are sent, at the rate they have drained since it began
/// (zero pages go as markers, so the first pass drains faster than R); the next pass finds what the guest
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
            seconds = pending / drainRate;
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

    /// <summary>QEMU publishes its rate at a bitmap sync at least a second after the last, so in the first pass
    /// (and after a first pass shorter than a second) only the pre-migration probe knows it.</summary>
    private static double? DirtyBytesPerSecond(MigrationProgress progress)
    {
        var published = progress.Samples[^1].DirtyPagesRate;
        long? pages = published > 0 ? published : progress.ProbedDirtyPagesRate ?? (progress.Pass >= 2 ? 0 : null);
        return pages * (double)progress.PageSizeBytes;
    }

    private static ConvergencePrediction Verdict(MigrationProgress progress, bool willConverge) => new()
    {
        AtMs = progress.AtMs,
        Pass = progress.Pass,
        WillConverge = willConverge,
        DowntimeLimitMs = progress.DowntimeLimitMs,
    };
}
