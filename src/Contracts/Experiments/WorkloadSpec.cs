namespace MigrationAspire.Contracts;

/// <summary>What the guest does to its memory while it is migrated.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkloadSpec
{
    [Id(0)] public int WorkingSetMiB { get; init; } = 128;

    /// <summary>Pages written per second; 0 means as fast as the guest can.</summary>
    [Id(1)] public int DirtyRatePagesPerSecond { get; init; } = 5000;

    [Id(2)] public WorkloadPattern Pattern { get; init; } = WorkloadPattern.Sequential;

    /// <summary>Hotspot: the fraction of the working set that is hot.</summary>
    [Id(3)] public double HotspotFraction { get; init; } = 0.1;

    /// <summary>Hotspot: the share of writes that go to the hot part.</summary>
    [Id(4)] public double HotspotWriteShare { get; init; } = 0.9;

    /// <summary>Sweep: the whole working set is rewritten once per interval.</summary>
    [Id(5)] public int SweepIntervalMs { get; init; } = 1000;

    /// <summary>
    /// The share, in percent, of the memory left beside the working set and the guest's own footprint that the guest
    /// fills at boot with page-unique data and never rewrites (as a page cache or a heap would), so that a VM's size
    /// costs what it does in a real one. A share, so a sweep over <c>vm.memoryMiB</c> keeps the VMs equally full.
    /// </summary>
    [Id(6)] public int ResidentPercent { get; init; }
}
