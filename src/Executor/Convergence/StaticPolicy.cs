using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Convergence;

/// <summary>Today's behaviour: QEMU's downtime limit as the spec gives it, never changed.</summary>
public sealed class StaticPolicy(long downtimeLimitMs) : IConvergencePolicy
{
    public ConvergencePolicyKind Kind => ConvergencePolicyKind.Static;

    public long InitialDowntimeLimitMs => downtimeLimitMs;

    public PolicyDecision Decide(MigrationProgress progress) =>
        progress.NoAction($"static: the downtime limit stays at {progress.DowntimeLimitMs} ms");
}
