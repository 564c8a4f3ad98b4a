namespace MigrationAspire.Contracts;

/// <summary>What happens when a migration reaches its pass or time limit (Nova's timeout action).</summary>
[GenerateSerializer]
public enum LimitAction
{
    /// <summary>Cancel the migration; the guest keeps running on the source.</summary>
    Cancel,
    /// <summary>Pause the guest so the migration finishes as stop-and-copy.</summary>
    Pause,
    /// <summary>Switch to post-copy.</summary>
    Postcopy,
}
