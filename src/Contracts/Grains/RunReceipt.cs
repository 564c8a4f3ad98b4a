namespace MigrationAspire.Contracts;

/// <summary>What a VM knows of a run its experiment stored as running (the answer to <see cref="IVmGrain.Receipt"/>).</summary>
[GenerateSerializer]
public enum RunReceipt
{
    /// <summary>The VM never took the run: the one-way <see cref="IVmGrain.Run"/> was lost, or its first write failed.</summary>
    Unknown,
    /// <summary>The run is the VM's current one.</summary>
    Carrying,
    /// <summary>The VM finished the run and has told the experiment again how it ended.</summary>
    Finished,
    /// <summary>The VM finished the run so long ago that it no longer holds the outcome.</summary>
    Forgotten,
}
