namespace MigrationAspire.Network.Topology;

/// <summary>What a sweep of every lab's stale network on this machine did (<see cref="LabNetwork.RemoveStaleEverywhereAsync"/>).</summary>
/// <param name="Labs">One entry per lab runtime directory found.</param>
/// <param name="Unrecorded">Namespaces named <c>malab-…</c> of no lab on record: no owner is known, so they were left.</param>
public sealed record MachineCleanup(IReadOnlyList<LabCleanup> Labs, IReadOnlyList<string> Unrecorded)
{
    public IReadOnlyList<string> Removed => Labs.SelectMany(l => l.Namespaces.Removed).ToList();

    /// <summary>Every lab-named namespace left: a live owner, no owner on record, or a lab that was busy or failed.</summary>
    public IReadOnlyList<string> Kept => [.. Labs.SelectMany(l => l.Namespaces.Kept), .. Unrecorded];

    public LabCleanup? Lab(string labId) => Labs.FirstOrDefault(l => l.LabId == labId);
}

/// <summary>One lab's part of a machine sweep.</summary>
/// <param name="Reason">Why the lab could not be swept (<see cref="LabSweepOutcome.Failed"/>); null otherwise.</param>
public sealed record LabCleanup(string LabId, LabSweepOutcome Outcome, StaleCleanup Namespaces, string? Reason = null);

public enum LabSweepOutcome
{
    /// <summary>Another process held the lab's lock: it is alive (starting, attaching), so nothing was looked at.</summary>
    Busy,

    /// <summary>Something of the lab is still on record (a live owner): its runtime directory stays.</summary>
    Kept,

    /// <summary>Nothing of the lab is left on record: its runtime directory was removed.</summary>
    Removed,

    /// <summary>Its records could not be read or a command failed; what is left stays for the next start.</summary>
    Failed,
}
