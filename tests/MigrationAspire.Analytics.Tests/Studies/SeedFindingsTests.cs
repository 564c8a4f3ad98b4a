using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Studies;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Studies;

public sealed class SeedFindingsTests
{
    /// <summary>
    /// A VM-size experiment of three repetitions per group, metrics as functions of (mode, MiB, repetition). A
    /// stop-and-copy's downtime is its whole pause (hostPauseMs), as the lab records it: QEMU's own downtimeMs is only
    /// its last milliseconds there, and the findings must not read it.
    /// </summary>
    private static StudyData VmSizeStudy(Func<MigrationMode, int, int, double> downtime, Func<MigrationMode, int, int, double> total)
    {
        var groups = new List<GroupData>();
        foreach (var mode in new[] { MigrationMode.Precopy, MigrationMode.Stopcopy })
            foreach (var memory in new[] { 256, 512, 1024 })
            {
                (string, string)[] parameters = [TestRuns.Mode(mode.ToString().ToLowerInvariant()), TestRuns.Memory(memory)];
                var reps = Enumerable.Range(0, 3).ToArray();
                var values = MetricCatalog.Summarized.ToDictionary(m => m.Name, m => m.Name switch
                {
                    "downtimeMs" when mode == MigrationMode.Stopcopy => reps.Select(r => 3.0 + r).ToArray(),
                    "hostPauseMs" when mode == MigrationMode.Stopcopy => reps.Select(r => downtime(mode, memory, r)).ToArray(),
                    "downtimeMs" => reps.Select(r => downtime(mode, memory, r)).ToArray(),
                    "totalTimeMs" => reps.Select(r => total(mode, memory, r)).ToArray(),
                    _ => Array.Empty<double>(),
                });
                groups.Add(new GroupData($"{mode} {memory}", groups.Count * 3, new RunTally(3, 3, 0, 0),
                    parameters.Select(p => new RunParameter { Path = p.Item1, Value = p.Item2 }).ToArray(),
                    TestRuns.Plan("s-vmsize", groups.Count * 3, parameters, migration: new MigrationSpec { Mode = mode }), null, values));
            }
        return new StudyData("s", new Dictionary<SeedExperiment, IReadOnlyList<GroupData>> { [SeedExperiment.VmSize] = groups });
    }

    private static Finding Find(IReadOnlyList<Finding> findings, string figure, string start) =>
        Assert.Single(findings, f => f.Figure == figure && f.Statement.StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void Data_where_stop_and_copy_has_the_lower_downtime_confirm_5_3_and_contradict_5_4()
    {
        var findings = SeedFindings.Of(VmSizeStudy(
            downtime: (mode, mib, r) => mode == MigrationMode.Stopcopy ? 10 + r : 1000 + mib + r,
            total: (mode, mib, r) => 2000 + mib + r));

        Assert.Equal(Verdict.Confirmed, Find(findings, "5.3", "Stop-and-copy has lower downtime").Verdict);
        Assert.Equal(Verdict.Contradicted, Find(findings, "5.4", "Pre-copy has lower downtime").Verdict);
        Assert.Equal(Verdict.Confirmed, Find(findings, "5.3", "Pre-copy downtime grows").Verdict);
        Assert.Equal(Verdict.Contradicted, Find(findings, "5.2", "Stop-and-copy downtime ≈").Verdict);
    }

    [Fact]
    public void Data_like_the_lab_measures_contradict_5_3_and_confirm_5_4()
    {
        var findings = SeedFindings.Of(VmSizeStudy(
            downtime: (mode, mib, r) => mode == MigrationMode.Stopcopy ? 2 * mib + r : 8 + r,
            total: (mode, mib, r) => mode == MigrationMode.Stopcopy ? 2 * mib + 5 + r : 2.5 * mib + r));

        var contradiction = Find(findings, "5.3", "Stop-and-copy has lower downtime");
        Assert.Equal(Verdict.Contradicted, contradiction.Verdict);
        Assert.Equal("ratio", contradiction.Statistic.Kind);
        Assert.True(contradiction.Statistic.Value > 10);
        Assert.Equal(Verdict.Confirmed, Find(findings, "5.4", "Pre-copy has lower downtime").Verdict);
        Assert.Equal(Verdict.Confirmed, Find(findings, "5.4", "Pre-copy total time exceeds").Verdict);
        Assert.Equal(Verdict.Confirmed, Find(findings, "5.2", "Stop-and-copy downtime ≈").Verdict);
        Assert.Equal(Verdict.Confirmed, Find(findings, "5.2", "Stop-and-copy downtime grows").Verdict);
    }

    [Fact]
    public void Every_seed_figure_has_findings_and_experiments_without_runs_are_inconclusive()
    {
        var findings = SeedFindings.Of(new StudyData("empty", new Dictionary<SeedExperiment, IReadOnlyList<GroupData>>()));

        Assert.Equal(["5.1", "5.2", "5.3", "5.4", "5.5", "5.6"], findings.Select(f => f.Figure).Distinct());
        Assert.All(findings, f => Assert.Equal(Verdict.Inconclusive, f.Verdict));
        Assert.All(findings, f => Assert.Equal(0, f.Statistic.N));
    }
}
