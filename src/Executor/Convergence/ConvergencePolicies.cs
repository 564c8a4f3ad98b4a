using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Convergence;

public static class ConvergencePolicies
{
    /// <summary>The policy a run's spec asks for.</summary>
    /// <remarks>
    /// Stepped and ramp set the limit themselves, so <see cref="MigrationSpec.DowntimeLimitMs"/> is theirs to
    /// replace; static keeps it, and stall starts from it (capped at its maximum, as KubeVirt does).
    /// </remarks>
    public static IConvergencePolicy For(MigrationSpec migration)
    {
        ArgumentNullException.ThrowIfNull(migration);
        var given = migration.DowntimeLimitMs ?? MigrationProgress.DefaultDowntimeLimitMs;
        var policy = migration.Policy;
        return policy.Kind switch
        {
            ConvergencePolicyKind.Static => new StaticPolicy(given),
            ConvergencePolicyKind.Stepped => new SteppedPolicy(policy.Stepped),
            ConvergencePolicyKind.Ramp => new RampPolicy(policy.Ramp),
            ConvergencePolicyKind.Stall => new StallPolicy(policy.Stall, Math.Min(given, policy.Stall.MaxDowntimeMs)),
            _ => throw new ArgumentOutOfRangeException(nameof(migration), policy.Kind, "Unknown convergence policy."),
        };
    }
}
