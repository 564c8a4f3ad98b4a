using MigrationAspire.Contracts;
using static System.FormattableString;

namespace MigrationAspire.Executor.Convergence;

/// <summary>One step of Nova's schedule: once more than <see cref="At"/> has elapsed, the limit is <see cref="LimitMs"/>.</summary>
public readonly record struct NovaStep(int Index, TimeSpan At, long LimitMs);

/// <summary>
/// OpenStack Nova's downtime steps, as nova/virt/libvirt/migration.py computes them (<c>downtime_steps</c>,
/// <c>update_downtime</c>; driver.py <c>_live_migration_data_gb</c>): with base = downtime/steps and
/// offset = (downtime − base)/steps, step i sets int(base + offset·i) ms once the elapsed time is <em>more</em>
/// than i × delay × GiB seconds, GiB being the guest's memory but at least <see cref="SteppedPolicySpec.MinimumGiB"/>.
/// The steps only depend on time: a migration that converges early just stops before the later ones.
/// </summary>
/// <remarks>
/// Nova truncates delay × GiB to whole seconds (its options are integers and its data size at least 2 GiB); the
/// lab keeps fractions, so a fractional delay or a small guest still gets a schedule. For whole products the two
/// schedules are the same.
/// </remarks>
public sealed class SteppedPolicy(SteppedPolicySpec spec) : IConvergencePolicy
{
    private const double GiB = 1024.0 * 1024 * 1024;

    public ConvergencePolicyKind Kind => ConvergencePolicyKind.Stepped;

    public long InitialDowntimeLimitMs => LimitAt(0);

    /// <summary>Steps 0 to <see cref="SteppedPolicySpec.Steps"/>, the last at the full downtime.</summary>
    public IReadOnlyList<NovaStep> Schedule(long memoryBytes)
    {
        var interval = StepInterval(memoryBytes);
        return [.. Enumerable.Range(0, spec.Steps + 1).Select(i => new NovaStep(i, interval * i, LimitAt(i)))];
    }

    public TimeSpan StepInterval(long memoryBytes) =>
        TimeSpan.FromSeconds(spec.DelaySecondsPerGiB * DataGiB(memoryBytes));

    public PolicyDecision Decide(MigrationProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var step = Schedule(progress.MemoryBytes).LastOrDefault(s => progress.Elapsed > s.At, new NovaStep(-1, TimeSpan.Zero, 0));
        if (step.Index < 0)
            return progress.NoAction("Nova: no step is due at 0 s");
        if (step.LimitMs == progress.DowntimeLimitMs)
            return progress.NoAction(Invariant($"Nova step {step.Index} of {spec.Steps}: {step.LimitMs} ms is in force already"));
        return progress.SetDowntimeLimit(step.LimitMs, Invariant(
            $"Nova step {step.Index} of {spec.Steps}: {progress.Elapsed.TotalSeconds:0.###} s elapsed > {step.At.TotalSeconds:0.###} s ({step.Index} × {spec.DelaySecondsPerGiB} s/GiB × {DataGiB(progress.MemoryBytes):0.###} GiB)"));
    }

    private double DataGiB(long memoryBytes) => Math.Max(spec.MinimumGiB, memoryBytes / GiB);

    // Python's int() of a float truncates toward zero, as the cast does.
    private long LimitAt(int i)
    {
        var downtime = (double)spec.DowntimeMs;
        var baseMs = downtime / spec.Steps;
        var offset = (downtime - baseMs) / spec.Steps;
        return (long)(baseMs + offset * i);
    }
}
