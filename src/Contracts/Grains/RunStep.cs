namespace MigrationAspire.Contracts;

/// <summary>
/// The steps of a run, in the migration protocol's words (libvirt's in brackets): where a running run is, and
/// where a run that did not complete stopped. One vocabulary for the scheduler, the executors and analytics.
/// </summary>
[GenerateSerializer]
public enum RunStep
{
    /// <summary>Not started yet: it waits for its experiment's admission, or for a slot among its experiment's concurrent runs.</summary>
    Pending,
    /// <summary>Started, waiting for a host to boot on or a free host pair to migrate between.</summary>
    Waiting,
    /// <summary>The source boots the guest and waits for its workload's dirty rate.</summary>
    Boot,
    /// <summary>The destination starts a QEMU that listens for the stream [Prepare].</summary>
    Prepare,
    /// <summary>The source migrates the guest [Perform].</summary>
    Migrate,
    /// <summary>The destination confirms the guest is alive and intact [Finish].</summary>
    Confirm,
    /// <summary>The VM could not take the run: busy with another, released, or never told of it.</summary>
    Schedule,
    /// <summary>The experiment released the VM while the run was in flight.</summary>
    Release,
}
