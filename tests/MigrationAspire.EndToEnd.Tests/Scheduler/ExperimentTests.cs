using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Executor;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Scheduler;

/// <summary>Experiments through the whole stack: API → experiment grain → VM grain → executors → analytics.</summary>
[Collection(LabCollection.Name)]
public sealed class ExperimentTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly TimeSpan ExperimentTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Two_modes_by_two_repetitions_complete_with_four_runs_on_one_vm_migrating_back_and_forth()
    {
        var created = await lab.Api.PostExperimentAsync("""
            {
              "name": "e2e-modes",
              "vm": { "memoryMiB": 384, "vcpus": 1 },
              "workload": { "workingSetMiB": 64, "dirtyRatePagesPerSecond": 10000 },
              "migration": { "mode": "precopy", "maxTimeSeconds": 60 },
              "repetitions": 2,
              "sweep": { "migration.mode": ["precopy", "stopcopy"] }
            }
            """);
        var final = await lab.Api.WaitForFinalAsync(created.Id, ExperimentTimeout);
        var runs = await lab.Api.GetJsonAsync<List<RunRecord>>($"/api/experiments/{created.Id}/runs");
        foreach (var run in runs)
            output.WriteLine($"{run.Plan.RunId} {run.Plan.GroupKey} {run.Status} {run.SourceHost}→{run.DestinationHost} {run.FailureReason} " +
                (run.Result is { } r ? ExecutorMigrationTests.Describe(r) : ""));

        Assert.Equal(ExperimentStatus.Completed, final.Status);
        Assert.Equal(4, final.Runs.Completed);
        Assert.Equal(4, runs.Count);
        Assert.All(runs, r => Assert.True(r.Result!.GuestHealthy && r.Result.IntegrityErrors == 0));
        Assert.Equal(["precopy", "stopcopy", "precopy", "stopcopy"], runs.Select(r => r.Result!.Mode.ToString().ToLowerInvariant()));
        // One VM, ping-ponging: each run starts where the previous one left it.
        Assert.Single(runs.Select(r => r.VmId).Distinct());
        for (var i = 1; i < runs.Count; i++)
            Assert.Equal(runs[i - 1].DestinationHost, runs[i].SourceHost);
        Assert.All(runs, r => Assert.NotEqual(r.SourceHost, r.DestinationHost));
        for (var i = 1; i < runs.Count; i++)
            Assert.Equal(runs[i - 1].SourceHost, runs[i].DestinationHost);

        // The grain's state, as Orleans persisted it in the real Redis, says what the API said.
        var stored = await GrainStateInRedis.ReadAsync(lab.Redis, "experiment", created.Id);
        Assert.Equal(final.Status.ToString(), stored.GetProperty("Status").GetString());
        var storedRuns = GrainStateInRedis.Values(stored.GetProperty("Runs"));
        Assert.Equal(runs.Count, storedRuns.Count);
        for (var i = 0; i < runs.Count; i++)
        {
            Assert.Equal(runs[i].Status.ToString(), storedRuns[i].GetProperty("Status").GetString());
            Assert.Equal(runs[i].SourceHost, storedRuns[i].GetProperty("SourceHost").GetString());
            Assert.Equal(runs[i].Result!.DowntimeMs, storedRuns[i].GetProperty("Result").GetProperty("DowntimeMs").GetDouble());
        }
    }
}
