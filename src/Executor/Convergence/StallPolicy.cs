using MigrationAspire.Contracts;
using static System.FormattableString;

namespace MigrationAspire.Executor.Convergence;

/// <summary>
/// KubeVirt's stall detection (VEP 248) as a policy: at pass boundaries, once <see cref="StallDetector"/> says
/// pre-copy has stalled and (unless told not to search) the latest pass is at a local minimum, it acts once:
/// <list type="bullet">
/// <item>raise-limit: set the limit to the maximum when the implied downtime (remaining / smoothed bandwidth)
/// is within max × precopyPossibleFactor, otherwise cancel as hopeless; and cancel if QEMU has still not
/// switched over a switchover timeout later (KubeVirt's soft stop-and-copy);</item>
/// <item>postcopy, pause, abort: do that.</item>
/// </list>
/// KubeVirt also refuses to switch when the implied downtime would overrun twice its completion timeout; here the
/// run's own time limit (<see cref="MigrationSpec.MaxTimeSeconds"/> with its action) bounds every policy instead.
/// </summary>
public sealed class StallPolicy(StallPolicySpec spec, long initialDowntimeLimitMs) : IConvergencePolicy
{
    public ConvergencePolicyKind Kind => ConvergencePolicyKind.Stall;

    public long InitialDowntimeLimitMs => initialDowntimeLimitMs;

    public PolicyDecision Decide(MigrationProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (!progress.Decisions.IsEmpty)
            return AfterActing(progress, progress.Decisions[^1]);
        if (!progress.AtPassBoundary)
            return progress.NoAction("stall: acts at pass boundaries only");

        var state = StallDetector.Replay(progress.Passes, spec);
        var remaining = progress.Passes[^1].RemainingBytes;
        if (!state.Stalled)
            return progress.NoAction(state.OutsideWindowMinimum is { } minimum
                ? Invariant($"stall: progressing, {MiB(remaining)} is more than {spec.MarginPercent} % below {MiB(minimum)}, the least seen {spec.WindowSeconds} s or more ago")
                : Invariant($"stall: no pass began {spec.WindowSeconds} s ago yet"));
        var stalled = Invariant($"stalled since {state.StalledAtMs / 1000:0.###} s, {MiB(remaining)} left (best {MiB(state.BestRemainingBytes!.Value)})");
        if (spec.SearchLocalMinima && !state.AtLocalMinimum)
            return progress.NoAction(Invariant($"{stalled}; waiting for a local minimum within {spec.MarginPercent} % of the best"));

        if (ThroughputEstimate.Ewma(progress.Samples, spec.EwmaAlpha) is not { } bandwidth)
            return progress.NoAction($"{stalled}; no bandwidth measured yet");
        var impliedMs = remaining / bandwidth * 1000;
        var why = Invariant($"{stalled}; implied downtime {impliedMs:0} ms at {bandwidth / (1024 * 1024):0.#} MiB/s");
        var tolerable = spec.MaxDowntimeMs * spec.PrecopyPossibleFactor;
        return spec.Action switch
        {
            StallAction.RaiseLimit when impliedMs <= spec.MaxDowntimeMs =>
                progress.SetDowntimeLimit(spec.MaxDowntimeMs, Invariant($"{why} ≤ max {spec.MaxDowntimeMs} ms")),
            StallAction.RaiseLimit when impliedMs <= tolerable =>
                progress.SetDowntimeLimit(spec.MaxDowntimeMs, Invariant($"{why} ≤ {spec.PrecopyPossibleFactor} × max {spec.MaxDowntimeMs} ms")),
            StallAction.RaiseLimit =>
                progress.Decision(ConvergenceAction.Abort, Invariant($"{why} > {spec.PrecopyPossibleFactor} × max {spec.MaxDowntimeMs} ms: pre-copy is hopeless")),
            StallAction.Postcopy => progress.Decision(ConvergenceAction.SwitchToPostcopy, why),
            StallAction.Pause => progress.Decision(ConvergenceAction.Pause, why),
            StallAction.Abort => progress.Decision(ConvergenceAction.Abort, why),
            _ => throw new InvalidOperationException($"Unknown stall action {spec.Action}."),
        };
    }

    private PolicyDecision AfterActing(MigrationProgress progress, PolicyDecision acted)
    {
        var waited = (progress.AtMs - acted.AtMs) / 1000;
        if (acted.Action == ConvergenceAction.SetDowntimeLimit && waited >= spec.SwitchoverTimeoutSeconds)
            return progress.Decision(ConvergenceAction.Abort, Invariant(
                $"no switch-over {waited:0.###} s after raising the limit to {acted.DowntimeLimitMs} ms (switchover timeout {spec.SwitchoverTimeoutSeconds} s)"));
        return progress.NoAction(Invariant($"stall: acted at {acted.AtMs / 1000:0.###} s ({acted.Action})"));
    }

    private static string MiB(long bytes) => Invariant($"{bytes / (1024.0 * 1024):0.##} MiB");
}
