namespace MigrationAspire.Contracts;

/// <summary>What a convergence policy asks the source executor to do to a running pre-copy.</summary>
[GenerateSerializer]
public enum ConvergenceAction
{
    /// <summary>Nothing now.</summary>
    None,
    /// <summary>Set QEMU's <c>downtime-limit</c> to <see cref="PolicyDecision.DowntimeLimitMs"/>.</summary>
    SetDowntimeLimit,
    /// <summary><c>migrate-start-postcopy</c>.</summary>
    SwitchToPostcopy,
    /// <summary>Pause the guest (<c>stop</c>) so the migration finishes as stop-and-copy.</summary>
    Pause,
    /// <summary><c>migrate_cancel</c>: the guest keeps running on the source.</summary>
    Abort,
}
