namespace MigrationAspire.Contracts;

/// <summary>What a VM's QEMU is doing on the host that runs it, as its executor reports it.</summary>
[GenerateSerializer]
public enum VmState
{
    /// <summary>QEMU is starting or the workload is not ready yet.</summary>
    Booting,
    /// <summary>The guest runs here and may be migrated.</summary>
    Running,
    /// <summary>A destination QEMU waits for, or is receiving, a migration.</summary>
    Incoming,
    /// <summary>The guest runs here and is being migrated away.</summary>
    Migrating,
}
