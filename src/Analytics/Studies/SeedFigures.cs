using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Studies;

/// <summary>A curve of a figure: one metric, of the runs of one mode when <see cref="Mode"/> is set.</summary>
public sealed record FigureLine(string Label, string Metric, MigrationMode? Mode = null);

/// <summary>A figure of the seed report, redrawn from one experiment of the study.</summary>
public sealed record SeedFigure(string Id, string Title, SeedExperiment Experiment, string XPath, IReadOnlyList<FigureLine> Lines);

/// <summary>
/// The seed report's figures 5.1–5.6. Beside the seed's curves each shows the lab's own: the guest-observed
/// downtime next to the downtime (QEMU's, or the lab's stop-to-resume for stop-and-copy, next to QEMU's own figure).
/// </summary>
public static class SeedFigures
{
    public static IReadOnlyList<SeedFigure> All { get; } =
    [
        new("5.1", "Pre-copy time and total time against bandwidth", SeedExperiment.Bandwidth, StudyPresets.BandwidthAxis.Path,
            [new("total", "totalTimeMs"), new("pre-copy", "precopyTimeMs"), new("downtime (QEMU)", "downtimeMs"), new("downtime (guest saw)", "guestObservedDowntimeMs")]),
        new("5.2", "Stop-and-copy downtime and total time against VM size", SeedExperiment.VmSize, "vm.memoryMiB",
            [new("total", "totalTimeMs", MigrationMode.Stopcopy), new("downtime (stop to resume)", "downtimeMs", MigrationMode.Stopcopy),
             new("downtime (QEMU)", "qemuDowntimeMs", MigrationMode.Stopcopy), new("downtime (guest saw)", "guestObservedDowntimeMs", MigrationMode.Stopcopy)]),
        new("5.3", "Pre-copy total time and downtime against VM size", SeedExperiment.VmSize, "vm.memoryMiB",
            [new("total", "totalTimeMs", MigrationMode.Precopy), new("pre-copy", "precopyTimeMs", MigrationMode.Precopy),
             new("downtime (QEMU)", "downtimeMs", MigrationMode.Precopy), new("downtime (guest saw)", "guestObservedDowntimeMs", MigrationMode.Precopy)]),
        new("5.4", "Pre-copy against stop-and-copy across VM sizes", SeedExperiment.VmSize, "vm.memoryMiB",
            [new("pre-copy total", "totalTimeMs", MigrationMode.Precopy), new("stop-and-copy total", "totalTimeMs", MigrationMode.Stopcopy),
             new("pre-copy downtime", "downtimeMs", MigrationMode.Precopy), new("stop-and-copy downtime", "downtimeMs", MigrationMode.Stopcopy)]),
        new("5.5", "Proof of load test: measured dirty rate against the working set", SeedExperiment.LoadTest, "workload.workingSetMiB",
            [new("calc-dirty-rate before migrating", "measuredDirtyRate"), new("QEMU's rate during migration", "dirtyPagesRate")]),
        new("5.6", "Total time, pre-copy time and downtime against dirty rate", SeedExperiment.DirtyRate, "workload.dirtyRatePagesPerSecond",
            [new("total", "totalTimeMs"), new("pre-copy", "precopyTimeMs"), new("downtime (QEMU)", "downtimeMs"), new("downtime (guest saw)", "guestObservedDowntimeMs")]),
    ];

    public static SeedFigure? Find(string id) => All.FirstOrDefault(f => f.Id == id);
}
