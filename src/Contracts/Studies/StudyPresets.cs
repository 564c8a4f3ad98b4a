namespace MigrationAspire.Contracts;

/// <summary>
/// The presets <c>POST /api/studies</c> knows. <c>seed</c> reproduces every figure of the seed report (5.1–5.6) with
/// 3 repetitions per point, sized for this 2-core TCG machine (54 runs); <c>seed-quick</c> has the same structure with
/// two points per axis and 2 repetitions (20 runs), for tests and a first look.
/// </summary>
public static class StudyPresets
{
    /// <summary>
    /// The one place the 5.1 bandwidth axis is named: the shaped link between the hosts (docs/network.md), not QEMU's
    /// cap, which QEMU lifts at switch-over (docs/machine-facts.md) so that downtime would not feel it.
    /// </summary>
    public static class BandwidthAxis
    {
        public const string Path = "network.bandwidthMbit";
        public static readonly string[] Seed = ["128", "256", "512", "1024"];
        public static readonly string[] Quick = ["256", "1024"];
    }

    /// <summary>The seed's desktop had a 1 Gbit/s network: every other experiment runs over a link of that rate.</summary>
    public static NetworkSpec SeedLink { get; } = new() { BandwidthMbit = 1000 };

    // QEMU's own cap far above every link, so the link alone sets the pace.
    private const double UncappedMiBps = 10_000;

    public static StudyPreset Seed { get; } = Build("seed",
        "Every figure of the seed study, 3 repetitions per point (54 runs, about 20–40 min under TCG).",
        repetitions: 3, quick: false);

    public static StudyPreset SeedQuick { get; } = Build("seed-quick",
        "The seed study's structure with two points per axis and 2 repetitions (20 runs, a few minutes).",
        repetitions: 2, quick: true);

    public static IReadOnlyList<StudyPreset> All { get; } = [Seed, SeedQuick];

    public static StudyPreset? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    private static StudyPreset Build(string name, string description, int repetitions, bool quick)
    {
        var limit = new MigrationSpec { DowntimeLimitMs = 300, MaxTimeSeconds = 120, OnLimit = LimitAction.Pause, MaxBandwidthMiBps = UncappedMiBps };
        return new StudyPreset
        {
            Name = name,
            Description = description,
            Experiments =
            [
                // Resident memory makes the guest's memory cost what it does in a real VM (pages it never wrote go as markers).
                Experiment(SeedExperiment.Bandwidth, $"{name} 5.1: bandwidth vs pre-copy time", repetitions,
                    new VmSpec { MemoryMiB = quick ? 256 : 512 },
                    new WorkloadSpec { WorkingSetMiB = quick ? 32 : 64, DirtyRatePagesPerSecond = 2000, ResidentPercent = 50 },
                    limit, new NetworkSpec(), Axis(BandwidthAxis.Path, quick ? BandwidthAxis.Quick : BandwidthAxis.Seed)),
                Experiment(SeedExperiment.VmSize, $"{name} 5.2–5.4: pre-copy and stop-and-copy vs VM size", repetitions,
                    new VmSpec(),
                    new WorkloadSpec { WorkingSetMiB = quick ? 16 : 32, DirtyRatePagesPerSecond = 2000, ResidentPercent = 90 },
                    limit, SeedLink,
                    Axis("migration.mode", ["\"precopy\"", "\"stopcopy\""]),
                    Axis("vm.memoryMiB", quick ? ["256", "384"] : ["256", "512", "1024"])),
                Experiment(SeedExperiment.LoadTest, $"{name} 5.5: proof of load test", repetitions,
                    new VmSpec { MemoryMiB = quick ? 256 : 512 },
                    // A sweep at least every half second: the 1 s dirty-rate probe always sees one.
                    new WorkloadSpec { Pattern = WorkloadPattern.Sweep, SweepIntervalMs = 500, WorkingSetMiB = 16 },
                    limit, SeedLink,
                    Axis("workload.workingSetMiB", quick ? ["16", "64"] : ["16", "32", "64", "128"])),
                Experiment(SeedExperiment.DirtyRate, $"{name} 5.6: pre-copy vs dirty page rate", repetitions,
                    new VmSpec { MemoryMiB = quick ? 256 : 512 },
                    new WorkloadSpec { WorkingSetMiB = quick ? 64 : 128 },
                    limit, SeedLink,
                    Axis("workload.dirtyRatePagesPerSecond", quick ? ["1000", "8000"] : ["1000", "4000", "8000", "16000"])),
            ],
        };
    }

    private static StudyExperiment Experiment(
        SeedExperiment experiment, string title, int repetitions, VmSpec vm, WorkloadSpec workload, MigrationSpec migration,
        NetworkSpec network, params SweepAxis[] sweep) => new()
        {
            Experiment = experiment,
            Spec = new ExperimentSpec
            {
                Name = title, Vm = vm, Workload = workload, Migration = migration, Network = network, Repetitions = repetitions, Sweep = sweep,
            },
        };

    private static SweepAxis Axis(string path, IReadOnlyList<string> values) => new() { Path = path, Values = values };
}
