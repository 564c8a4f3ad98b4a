using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Summary;
using MigrationAspire.Analytics.Tests.Statistics;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Summary;

public sealed class ExperimentSummariesTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private ExperimentSummaries Summaries => new(_fixture.Store, _fixture.Options);

    [Fact]
    public async Task Runs_are_grouped_by_their_swept_values_in_sweep_order()
    {
        // 2 modes × 2 sizes × 2 repetitions, stored in reverse to show that order comes from the run index.
        var runs = new List<RunRecord>();
        var index = 0;
        foreach (var mode in new[] { "precopy", "stopcopy" })
            foreach (var memory in new[] { 256, 512 })
                for (var repetition = 0; repetition < 2; repetition++)
                {
                    var plan = TestRuns.Plan("exp", index++, [TestRuns.Mode(mode), TestRuns.Memory(memory)], repetition: repetition);
                    runs.Add(TestRuns.Completed(plan, downtimeMs: memory));
                }

        runs.Reverse();
        await _fixture.Store.AddManyAsync(runs, TestTimeouts.Token());

        var summary = (await Summaries.GetAsync("exp", TestTimeouts.Token()))!;

        Assert.Equal(
            ["migration.mode=\"precopy\" vm.memoryMiB=256", "migration.mode=\"precopy\" vm.memoryMiB=512",
             "migration.mode=\"stopcopy\" vm.memoryMiB=256", "migration.mode=\"stopcopy\" vm.memoryMiB=512"],
            summary.Groups.Select(g => g.Key));
        Assert.All(summary.Groups, g => Assert.Equal(2, g.Metrics["downtimeMs"].N));
        Assert.Equal("stopcopy", summary.Groups[3].Parameters["migration.mode"].GetString());
        Assert.Equal(512, summary.Groups[3].Parameters["vm.memoryMiB"].GetInt32());
        Assert.Equal(new RunTally(8, 8, 0, 0), summary.Counts);
        Assert.Equal(["migration.mode", "vm.memoryMiB"], summary.Parameters.Select(p => p.Path));
        Assert.False(summary.Parameters[0].Numeric);
        Assert.True(summary.Parameters[1].Numeric);
    }

    [Fact]
    public async Task Failed_and_cancelled_runs_are_counted_but_never_averaged_in()
    {
        (string, string)[] parameters = [TestRuns.Memory(256)];
        await _fixture.Store.AddManyAsync(
        [
            TestRuns.Completed(TestRuns.Plan("exp", 0, parameters), downtimeMs: 100),
            TestRuns.Completed(TestRuns.Plan("exp", 1, parameters), downtimeMs: 300),
            TestRuns.Completed(TestRuns.Plan("exp", 2, parameters), downtimeMs: 200),
            // A failed run with a partial result whose huge downtime would wreck the mean if it were used.
            TestRuns.Failed(TestRuns.Plan("exp", 3, parameters), "guest died", TestRuns.Result(MigrationMode.Precopy, 90_000)),
            TestRuns.Failed(TestRuns.Plan("exp", 4, parameters), "cancelled by user", status: RunStatus.Cancelled),
        ], TestTimeouts.Token());

        var group = Assert.Single((await Summaries.GetAsync("exp", TestTimeouts.Token()))!.Groups);

        Assert.Equal(new RunTally(5, 3, 1, 1), group.Counts);
        var downtime = group.Metrics["downtimeMs"];
        // 100, 200, 300: mean 200, s = 100, half-width t(0.975, 2)·100/√3 = 4.302653·57.735027 = 248.413771.
        Assert.Equal(3, downtime.N);
        Approx.Absolute(200, downtime.Mean, 1e-12);
        Approx.Absolute(200, downtime.Median, 1e-12);
        Approx.Absolute(290, downtime.P95, 1e-12);
        Assert.Equal(100, downtime.Min);
        Assert.Equal(300, downtime.Max);
        Approx.Absolute(100, downtime.StdDev, 1e-12);
        Approx.Absolute(200 - 248.41377118437526, downtime.Ci95Low, 1e-6);
        Approx.Absolute(200 + 248.41377118437526, downtime.Ci95High, 1e-6);
    }

    [Fact]
    public async Task A_metric_a_run_did_not_measure_is_left_out_of_that_metric_only()
    {
        await _fixture.Store.AddManyAsync(
        [
            TestRuns.Completed(TestRuns.Plan("exp", 0, []), downtimeMs: 10, measuredDirtyRate: 4000),
            TestRuns.Completed(TestRuns.Plan("exp", 1, []), downtimeMs: 20, measuredDirtyRate: null),
        ], TestTimeouts.Token());

        var group = Assert.Single((await Summaries.GetAsync("exp", TestTimeouts.Token()))!.Groups);

        Assert.Equal("(all)", group.Key);
        Assert.Equal(2, group.Metrics["downtimeMs"].N);
        Assert.Equal(1, group.Metrics["measuredDirtyRate"].N);
        Assert.Equal(4000, group.Metrics["measuredDirtyRate"].Mean);
    }

    [Fact]
    public async Task A_group_with_only_failed_runs_has_empty_statistics()
    {
        await _fixture.Store.AddAsync(TestRuns.Failed(TestRuns.Plan("exp", 0, [TestRuns.Memory(256)]), "boot failed"), TestTimeouts.Token());

        var summary = (await Summaries.GetAsync("exp", TestTimeouts.Token()))!;

        var group = Assert.Single(summary.Groups);
        Assert.Equal(new RunTally(1, 0, 1, 0), group.Counts);
        Assert.All(group.Metrics.Values, m => Assert.Equal(0, m.N));
        Assert.Null(group.FirstCompletedRunId);
        Assert.Empty(summary.Comparisons);
    }

    [Fact]
    public async Task An_experiment_without_stored_runs_has_no_summary()
    {
        Assert.Null(await Summaries.GetAsync("nothing-here", TestTimeouts.Token()));
    }
}
