using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Storage;

public sealed class RunStoreTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_completed_run_is_stored_and_read_back_with_its_result()
    {
        var plan = TestRuns.Plan("exp", 0, [TestRuns.Mode("precopy"), TestRuns.Memory(256)]);
        var passes = TestRuns.Passes((0, 268_435_456), (2100, 4_000_000));
        var run = TestRuns.Completed(plan, TestRuns.Result(MigrationMode.Precopy, 42.5, 2300, passes: passes));

        Assert.True(await _fixture.Store.AddAsync(run, TestTimeouts.Token()));

        var stored = Assert.Single(await _fixture.Store.ListRunsAsync("exp", TestTimeouts.Token()));
        Assert.Equal("exp-0000", stored.RunId);
        Assert.Equal(RunStatus.Completed, stored.Status);
        Assert.Equal(TestRuns.Finished, stored.FinishedAt);
        Assert.Equal("precopy", stored.Parameters["migration.mode"].GetString());
        Assert.Equal(256, stored.Parameters["vm.memoryMiB"].GetInt32());
        Assert.Equal(42.5, stored.Result!.DowntimeMs);
        Assert.Equal(2, stored.Result.PassHistory.Count);
        Assert.Equal(4_000_000, stored.Result.PassHistory[1].RemainingBytes);
        Assert.Equal(plan.GroupKey, stored.GroupKey);
    }

    [Fact]
    public async Task An_experiments_name_spec_and_where_it_ran_are_its_facts_and_the_first_spec_stays()
    {
        var run = TestRuns.Completed(TestRuns.Plan("exp", 0, [TestRuns.Memory(256)]), downtimeMs: 40);
        var submitted = new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);
        await _fixture.Store.AddAsync(run, TestTimeouts.Token());
        await _fixture.Store.AddExperimentsAsync(
            [new RunFinished { Run = run, Spec = new ExperimentSpec { Name = "vm size", Repetitions = 3 }, SubmittedAt = submitted },
             new RunFinished { Run = run, Spec = new ExperimentSpec { Name = "second copy" } }], TestTimeouts.Token());
        await _fixture.Store.AddExperimentsAsync([new RunFinished { Run = run, Spec = new ExperimentSpec { Name = "later" } }], TestTimeouts.Token());

        var facts = (await _fixture.Store.LoadFactsAsync("exp", TestTimeouts.Token()))!;

        Assert.Equal("vm size", facts.Name);
        Assert.Equal(3, JsonDocument.Parse(facts.SpecJson!).RootElement.GetProperty("repetitions").GetInt32());
        Assert.Equal(submitted, facts.SubmittedAt);
        Assert.Equal(TestRuns.Finished, facts.LastFinishedAt);
        Assert.Equal(run.Result!.StartedAt, facts.FirstStartedAt);
        Assert.Equal([run.Result.QemuVersion], facts.QemuVersions);
        Assert.Equal([run.Result.Accelerator], facts.Accelerators);
        Assert.Equal(new[] { run.SourceHost!, run.DestinationHost! }.Order(StringComparer.Ordinal), facts.Hosts);
        Assert.Null(await _fixture.Store.LoadFactsAsync("nope", TestTimeouts.Token()));
    }

    [Fact]
    public async Task The_same_run_delivered_twice_is_stored_once()
    {
        var run = TestRuns.Completed(TestRuns.Plan("exp", 0, [TestRuns.Memory(256)]), downtimeMs: 40);

        Assert.True(await _fixture.Store.AddAsync(run, TestTimeouts.Token()));
        Assert.False(await _fixture.Store.AddAsync(run, TestTimeouts.Token()));
        Assert.Equal(0, await _fixture.Store.AddManyAsync([run, run], TestTimeouts.Token()));

        Assert.Single(await _fixture.Store.ListRunsAsync("exp", TestTimeouts.Token()));
        var group = Assert.Single(await _fixture.Store.LoadGroupsAsync("exp", TestTimeouts.Token()));
        Assert.Equal(new RunTally(1, 1, 0, 0), group.Counts);
        Assert.Equal([40.0], group.Values["downtimeMs"]);
        // Its parameters are stored once too, or the export would repeat the run.
        var csv = (await _fixture.Store.ExportAsync("exp", ExportFormat.Csv, TestTimeouts.Token()))!;
        Assert.Equal(2, (await File.ReadAllLinesAsync(csv, TestTimeouts.Token())).Length);
        File.Delete(csv);
    }

    [Fact]
    public async Task A_later_delivery_of_a_stored_run_changes_nothing()
    {
        var plan = TestRuns.Plan("exp", 0, [TestRuns.Memory(256)]);
        await _fixture.Store.AddAsync(TestRuns.Completed(plan, downtimeMs: 40), TestTimeouts.Token());

        Assert.False(await _fixture.Store.AddAsync(TestRuns.Failed(plan, "late duplicate"), TestTimeouts.Token()));

        var stored = Assert.Single(await _fixture.Store.ListRunsAsync("exp", TestTimeouts.Token()));
        Assert.Equal(RunStatus.Completed, stored.Status);
        Assert.Null(stored.FailureReason);
    }

    [Fact]
    public async Task A_batch_stores_new_runs_and_skips_duplicates_within_it()
    {
        var first = TestRuns.Completed(TestRuns.Plan("exp", 0, []), downtimeMs: 40);
        var second = TestRuns.Completed(TestRuns.Plan("exp", 1, []), downtimeMs: 50);

        Assert.Equal(2, await _fixture.Store.AddManyAsync([first, second, first], TestTimeouts.Token()));
        Assert.Equal(2, (await _fixture.Store.ListRunsAsync("exp", TestTimeouts.Token())).Count);
    }

    [Fact]
    public async Task Runs_survive_closing_and_reopening_the_database()
    {
        var run = TestRuns.Completed(TestRuns.Plan("exp", 3, [TestRuns.Mode("stopcopy")]), downtimeMs: 900);
        await _fixture.Store.AddAsync(run, TestTimeouts.Token());

        var reopened = _fixture.Reopen();

        var stored = Assert.Single(await reopened.ListRunsAsync("exp", TestTimeouts.Token()));
        Assert.Equal("exp-0003", stored.RunId);
        Assert.Equal(900, stored.Result!.DowntimeMs);
        Assert.False(await reopened.AddAsync(run, TestTimeouts.Token()));
    }

    [Fact]
    public async Task A_failed_run_keeps_its_status_step_and_reason()
    {
        var plan = TestRuns.Plan("exp", 0, [TestRuns.Memory(256)]);
        await _fixture.Store.AddAsync(TestRuns.Failed(plan, "max-time 30 s: cancel"), TestTimeouts.Token());

        var stored = Assert.Single(await _fixture.Store.ListRunsAsync("exp", TestTimeouts.Token()));
        Assert.Equal(RunStatus.Failed, stored.Status);
        Assert.Equal(RunStep.Migrate, stored.FailedStep);
        Assert.Equal("max-time 30 s: cancel", stored.FailureReason);
        Assert.Null(stored.Result);
    }

    [Fact]
    public async Task Runs_of_other_experiments_and_unknown_ids_are_not_found()
    {
        await _fixture.Store.AddAsync(TestRuns.Completed(TestRuns.Plan("exp", 0, []), downtimeMs: 1), TestTimeouts.Token());

        Assert.Empty(await _fixture.Store.ListRunsAsync("other", TestTimeouts.Token()));
        Assert.Empty(await _fixture.Store.LoadGroupsAsync("other", TestTimeouts.Token()));
        Assert.Null(await _fixture.Store.FindRunAsync("other-0000", TestTimeouts.Token()));
        Assert.Null(await _fixture.Store.ExportAsync("other", ExportFormat.Csv, TestTimeouts.Token()));
        Assert.NotNull(await _fixture.Store.FindRunAsync("exp-0000", TestTimeouts.Token()));
    }

    [Fact]
    public async Task Health_is_degraded_until_the_store_is_open_and_operations_wait_for_it()
    {
        using var directory = new TempDirectory();
        var options = Microsoft.Extensions.Options.Options.Create(new AnalyticsOptions { DatabasePath = directory.File("db/a.duckdb") });
        using var store = new RunStore(options, NullLogger<RunStore>.Instance);
        var health = new RunStoreHealthCheck(store);

        Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ListRunsAsync("exp", soon.Token));

        store.Initialize();

        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.True(File.Exists(directory.File("db/a.duckdb")));
        Assert.Empty(await store.ListRunsAsync("exp", TestTimeouts.Token()));
    }

    [Fact]
    public async Task A_closed_store_refuses_writes_and_reads()
    {
        var store = _fixture.Store;
        store.Dispose();

        var run = TestRuns.Completed(TestRuns.Plan("exp", 0, []), downtimeMs: 1);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AddAsync(run, TestTimeouts.Token()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ListRunsAsync("exp", TestTimeouts.Token()));
    }

    [Fact]
    public async Task Plans_are_kept_whole_for_the_model()
    {
        var plan = TestRuns.Plan("exp", 0, [TestRuns.Memory(1024)], vm: new VmSpec { MemoryMiB = 1024 },
            migration: new MigrationSpec { Mode = MigrationMode.Postcopy, MaxBandwidthMiBps = 64.5, PostcopyAfterPasses = 2 });
        await _fixture.Store.AddAsync(TestRuns.Completed(plan, downtimeMs: 5), TestTimeouts.Token());

        var group = Assert.Single(await _fixture.Store.LoadGroupsAsync("exp", TestTimeouts.Token()));

        Assert.Equal(JsonSerializer.Serialize(plan), JsonSerializer.Serialize(group.Plan));
        Assert.Equal("exp-0000", group.FirstCompletedRunId);
    }
}
