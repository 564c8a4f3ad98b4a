using MigrationAspire.Contracts;
using static System.FormattableString;

namespace MigrationAspire.Executor.Convergence;

/// <summary>
/// KubeVirt's dynamic downtime tuning as VEP 291 ("Implementation and algorithm") describes it: set the initial
/// limit; wait until the pass count reaches <see cref="RampPolicySpec.StartAfterPass"/>, which starts the cooldown
/// timer; each time a cooldown has passed, raise the limit one step and restart the timer, up to the maximum.
/// The levels are initial + ⌊k·(max − initial)/steps⌋ for k = 0..steps, so the last step lands on the maximum.
/// </summary>
/// <remarks>
/// KubeVirt's code (pkg/virt-launcher/virtwrap/live-migration-source.go <c>tuneDowntime</c>) differs in two ways
/// the VEP does not: its step is ⌊(max − initial)/steps⌋ added repeatedly, capped at the maximum (an extra small
/// last step when the division is not exact), and its cooldown runs from the initial setting, so the first step
/// can come as soon as the threshold pass is reached. The VEP's text is followed here (docs/convergence-policies.md).
/// </remarks>
public sealed class RampPolicy(RampPolicySpec spec) : IConvergencePolicy
{
    public ConvergencePolicyKind Kind => ConvergencePolicyKind.Ramp;

    public long InitialDowntimeLimitMs => spec.InitialMs;

    public IReadOnlyList<long> Levels =>
        [.. Enumerable.Range(0, spec.Steps + 1).Select(k => spec.InitialMs + (long)k * (spec.MaxMs - spec.InitialMs) / spec.Steps)];

    public PolicyDecision Decide(MigrationProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var raised = progress.Decisions.Where(d => d.Action == ConvergenceAction.SetDowntimeLimit).ToList();
        if (raised.Count == 0 && progress.DowntimeLimitMs != spec.InitialMs)
            return progress.SetDowntimeLimit(spec.InitialMs, Invariant($"VEP 291: initial target downtime {spec.InitialMs} ms"));
        if (progress.Pass < spec.StartAfterPass)
            return progress.NoAction(Invariant($"ramp: pass {progress.Pass} has not reached {spec.StartAfterPass}"));

        var levels = Levels;
        var next = levels.Select((limit, k) => (limit, k)).FirstOrDefault(l => l.limit > progress.DowntimeLimitMs, (-1, -1));
        if (next.k < 0)
            return progress.NoAction(Invariant($"ramp: {progress.DowntimeLimitMs} ms is the maximum"));

        var thresholdAtMs = spec.StartAfterPass <= 0 ? 0 : progress.Passes.First(p => p.Pass >= spec.StartAfterPass).AtMs;
        var lastStepAtMs = raised.Count == 0 ? thresholdAtMs : Math.Max(thresholdAtMs, raised[^1].AtMs);
        var waitedSeconds = (progress.AtMs - lastStepAtMs) / 1000;
        var since = lastStepAtMs > thresholdAtMs ? "the last step" : Invariant($"pass {spec.StartAfterPass} began");
        if (waitedSeconds < spec.CooldownSeconds)
            return progress.NoAction(Invariant($"ramp: cooldown, {waitedSeconds:0.###} s since {since} < {spec.CooldownSeconds} s"));
        return progress.SetDowntimeLimit(next.limit, Invariant(
            $"VEP 291 step {next.k} of {spec.Steps}: pass {progress.Pass}, {waitedSeconds:0.###} s since {since} ≥ cooldown {spec.CooldownSeconds} s"));
    }
}
