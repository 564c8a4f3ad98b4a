using MigrationAspire.Analytics.Model;
using MigrationAspire.Contracts;
using static MigrationAspire.Contracts.SeedExperiment;

namespace MigrationAspire.Analytics.Studies;

/// <summary>
/// Every claim of the seed report as a statement decided by the study's runs (<see cref="Claims"/>). Nothing here
/// knows the answer: the same statements are confirmed by one data set and contradicted by another.
/// </summary>
public static class SeedFindings
{
    private const string Size = "vm.memoryMiB";
    private const string Rate = "workload.dirtyRatePagesPerSecond";
    private const MigrationMode Pre = MigrationMode.Precopy;
    private const MigrationMode Stop = MigrationMode.Stopcopy;
    // The seed's stop-and-copy downtime is the whole pause, which QEMU's downtimeMs leaves out (hostPauseMs has it).
    private static readonly string StopDowntime = ModelComparison.MeasuredAs("downtimeMs", Stop);

    public static IReadOnlyList<Finding> Of(StudyData data)
    {
        var bandwidth = StudyPresets.BandwidthAxis.Path;
        return
        [
            Trend(data, "5.1", "Total migration time falls as bandwidth grows", Bandwidth, bandwidth, "totalTimeMs", Direction.Falls),
            Trend(data, "5.1", "Pre-copy time falls as bandwidth grows", Bandwidth, bandwidth, "precopyTimeMs", Direction.Falls),
            Trend(data, "5.1", "Downtime falls as bandwidth grows", Bandwidth, bandwidth, "downtimeMs", Direction.Falls),
            Sum(data, "5.1", Bandwidth),
            Trend(data, "5.2", "Stop-and-copy downtime grows with VM size", VmSize, Size, StopDowntime, Direction.Grows, Stop),
            Trend(data, "5.2", "Stop-and-copy total time grows with VM size", VmSize, Size, "totalTimeMs", Direction.Grows, Stop),
            Make("5.2", "Stop-and-copy downtime ≈ its total time, at every VM size",
                Claims.RatioAtEvery(Relation.Equal, data.Pairs(VmSize, Size, (StopDowntime, Stop), ("totalTimeMs", Stop)))),
            Trend(data, "5.3", "Pre-copy total time grows with VM size", VmSize, Size, "totalTimeMs", Direction.Grows, Pre),
            Trend(data, "5.3", "Pre-copy downtime grows with VM size", VmSize, Size, "downtimeMs", Direction.Grows, Pre),
            Make("5.3", "Stop-and-copy has lower downtime than pre-copy at every VM size (5.3's claim; 5.4 and the method say the opposite)",
                Claims.RatioAtEvery(Relation.Less, data.Pairs(VmSize, Size, (StopDowntime, Stop), ("downtimeMs", Pre)))),
            Make("5.4", "Pre-copy has lower downtime than stop-and-copy at every VM size (5.4 and the method; 5.3 says the opposite)",
                Claims.RatioAtEvery(Relation.Less, data.Pairs(VmSize, Size, ("downtimeMs", Pre), (StopDowntime, Stop)))),
            Make("5.4", "Pre-copy total time exceeds stop-and-copy's across VM sizes",
                Claims.RatioAtEvery(Relation.Greater, data.Pairs(VmSize, Size, ("totalTimeMs", Pre), ("totalTimeMs", Stop)))),
            Trend(data, "5.5", "The measured dirty rate grows with the load test's working set", LoadTest, "workload.workingSetMiB", "measuredDirtyRate", Direction.Grows),
            Trend(data, "5.6", "Total migration time grows with the dirty rate", DirtyRate, Rate, "totalTimeMs", Direction.Grows),
            Trend(data, "5.6", "Pre-copy time grows with the dirty rate", DirtyRate, Rate, "precopyTimeMs", Direction.Grows),
            Trend(data, "5.6", "Downtime grows with the dirty rate", DirtyRate, Rate, "downtimeMs", Direction.Grows),
            Sum(data, "5.6", DirtyRate),
        ];
    }

    private static Finding Trend(StudyData data, string figure, string statement, SeedExperiment experiment, string x, string metric,
        Direction direction, MigrationMode? mode = null) =>
        Make(figure, $"{statement} (slope of {metric} per unit of {x})", Claims.Trend(direction, data.Points(experiment, x, metric, mode)));

    // The lab derives pre-copy time as total − QEMU's downtime, so that sum holds by construction; the gap is
    // checked against the downtime the guest itself observed, an independent clock.
    private static Finding Sum(StudyData data, string figure, SeedExperiment experiment) =>
        Make(figure, "Total time = pre-copy time + downtime (the gap checked against the guest-observed downtime)",
            Claims.Sum(data.Sums(experiment, Pre)));

    private static Finding Make(string figure, string statement, (FindingStatistic Statistic, Verdict Verdict, string Rule) decided) =>
        new(figure, statement, decided.Statistic, decided.Verdict, decided.Rule);
}
