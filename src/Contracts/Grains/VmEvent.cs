namespace MigrationAspire.Contracts;

/// <summary>What happened to a VM, as its history records it.</summary>
[GenerateSerializer]
public enum VmEvent
{
    Booted,
    BootFailed,
    Migrated,
    MigrationFailed,
    /// <summary>A host the VM depended on fell silent, or its executor restarted.</summary>
    HostDown,
    /// <summary>A step of its run did not finish in time.</summary>
    Deadline,
    /// <summary>Its QEMUs were stopped; the next run boots it afresh.</summary>
    Destroyed,
}
