namespace MigrationAspire.Contracts;

/// <summary>Where a VM is in its life, as its grain sees it.</summary>
[GenerateSerializer]
public enum VmLifecycle
{
    /// <summary>Not running anywhere; the next run boots it.</summary>
    Absent,
    Booting,
    /// <summary>Running on a host, free for the next run.</summary>
    Idle,
    Preparing,
    Migrating,
    /// <summary>Released by its experiment; never used again.</summary>
    Destroyed,
}
