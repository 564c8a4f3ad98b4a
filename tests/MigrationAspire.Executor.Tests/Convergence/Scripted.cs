using MigrationAspire.Contracts;
using MigrationAspire.Executor.Convergence;

namespace MigrationAspire.Executor.Tests.Convergence;

/// <summary>Scripted migrations for policy and forecast tests: samples as QEMU would report them, fed in order.</summary>
internal static class Scripted
{
    public const long MiB = 1024 * 1024;
    public const long GiB = 1024 * MiB;

    /// <summary>800 Mbit/s is 10⁸ bytes/s, which keeps hand-worked figures round.</summary>
    public const double HundredMBps = 800;

    public static LiveSample Sample(double atSeconds, long pass, long remainingBytes, double mbps = HundredMBps,
        long dirtyPagesRate = 0, string status = "active") => new()
        {
            AtMs = atSeconds * 1000,
            Status = status,
            RemainingBytes = remainingBytes,
            DirtyPagesRate = dirtyPagesRate,
            ThroughputMbps = mbps,
            Pass = pass,
        };

    public static MigrationProgress Progress(long memoryBytes, long limitMs) => new() { MemoryBytes = memoryBytes, DowntimeLimitMs = limitMs };

    public static MigrationProgress Observe(this MigrationProgress progress, params LiveSample[] samples) =>
        samples.Aggregate(progress, (p, s) => p.Observe(s));

    /// <summary>The monitor's loop: observe each sample, decide, apply what the policy asked for.</summary>
    public static (MigrationProgress Progress, List<PolicyDecision> Decisions) Drive(
        this MigrationProgress progress, IConvergencePolicy policy, IEnumerable<LiveSample> samples)
    {
        var decisions = new List<PolicyDecision>();
        foreach (var sample in samples)
        {
            progress = progress.Observe(sample);
            var decision = policy.Decide(progress);
            decisions.Add(decision);
            progress = progress.Apply(decision);
        }
        return (progress, decisions);
    }

    public static IEnumerable<PolicyDecision> Actions(this IEnumerable<PolicyDecision> decisions) =>
        decisions.Where(d => d.Action != ConvergenceAction.None);
}
