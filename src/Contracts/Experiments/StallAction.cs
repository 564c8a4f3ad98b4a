namespace MigrationAspire.Contracts;

/// <summary>What the stall policy does once pre-copy has stalled.</summary>
[GenerateSerializer]
public enum StallAction
{
    /// <summary>Raise the downtime limit to the policy's maximum (KubeVirt's "soft stop-and-copy"), or cancel when hopeless.</summary>
    RaiseLimit,
    /// <summary>Switch to post-copy.</summary>
    Postcopy,
    /// <summary>Pause the guest so the migration finishes as stop-and-copy.</summary>
    Pause,
    /// <summary>Cancel the migration; the guest keeps running on the source.</summary>
    Abort,
}
