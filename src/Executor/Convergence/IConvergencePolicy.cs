using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Convergence;

/// <summary>
/// A convergence policy: a pure function from what a pre-copy migration has shown so far to what the source
/// should do now. No clock and no I/O inside; the same progress always gives the same decision. The source calls
/// <see cref="Decide"/> at every sample while pre-copy is active (a sample that begins a pass is a pass
/// boundary), applies the decision over QMP and adds it to the progress with <see cref="MigrationProgress.Apply"/>.
/// </summary>
public interface IConvergencePolicy
{
    ConvergencePolicyKind Kind { get; }

    /// <summary>QEMU's <c>downtime-limit</c> to set before <c>migrate</c>.</summary>
    long InitialDowntimeLimitMs { get; }

    /// <returns>A decision at the progress's latest sample; <see cref="ConvergenceAction.None"/> says why not.</returns>
    PolicyDecision Decide(MigrationProgress progress);
}
