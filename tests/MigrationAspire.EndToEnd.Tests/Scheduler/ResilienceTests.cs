using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using static MigrationAspire.EndToEnd.Tests.Fixture.Polling;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Scheduler;

/// <summary>The scheduler keeps its promises when parts of the lab go away mid-experiment.</summary>
[Collection(LabCollection.Name)]
public sealed class ResilienceTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly TimeSpan ExperimentTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task An_experiment_survives_a_restart_of_the_silo_and_finishes_with_no_run_left_running()
    {
        var created = await lab.Api.PostExperimentAsync("""
            {
              "name": "e2e-restart",
              "vm": { "memoryMiB": 256, "vcpus": 1 },
              "workload": { "workingSetMiB": 64, "dirtyRatePagesPerSecond": 1000 },
              "migration": { "mode": "precopy", "maxBandwidthMiBps": 16, "maxTimeSeconds": 60 },
              "repetitions": 4
            }
            """);
        // Restart while a run is in flight, after at least one finished.
        await WaitUntil(async () => (await Experiment(created.Id)).Runs.Completed >= 1, TimeSpan.FromMinutes(4), $"no run of {created.Id} completed before the restart");
        var before = await Experiment(created.Id);
        output.WriteLine($"before restart: {before.Runs.Completed} completed, {before.Runs.Running} running");

        var commands = lab.App.Services.GetRequiredService<ResourceCommandService>();
        var restart = await commands.ExecuteCommandAsync("scheduler", KnownResourceCommands.RestartCommand);
        Assert.True(restart.Success, restart.Message);
        using (var healthy = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
            await lab.App.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceHealthyAsync("scheduler", healthy.Token);

        // The grain's state lives in Redis: what the API wrote before the restart is still there.
        var after = await Experiment(created.Id);
        Assert.Equal(created.Spec.Name, after.Spec.Name);
        Assert.True(after.Runs.Completed >= before.Runs.Completed);

        var final = await lab.Api.WaitForFinalAsync(created.Id, ExperimentTimeout);
        var runs = await lab.Api.GetJsonAsync<List<RunRecord>>($"/api/experiments/{created.Id}/runs");
        foreach (var run in runs)
            output.WriteLine($"{run.Plan.RunId} {run.Status} {run.SourceHost}→{run.DestinationHost} {run.FailedStep} {run.FailureReason}");
        Assert.All(runs, r => Assert.True(r.Status is RunStatus.Completed or RunStatus.Failed, $"{r.Plan.RunId} is {r.Status}"));
        Assert.All(runs.Where(r => r.Status == RunStatus.Failed), r => Assert.False(string.IsNullOrEmpty(r.FailureReason)));
        Assert.True(final.Runs.Completed >= 3, $"only {final.Runs.Completed} of 4 runs completed across the restart");
        Assert.Contains(final.Status, new[] { ExperimentStatus.Completed, ExperimentStatus.CompletedWithFailures });
    }

    [Fact]
    public async Task A_host_that_stops_sending_heartbeats_fails_its_run_naming_it_and_the_experiment_goes_on_without_it()
    {
        var created = await lab.Api.PostExperimentAsync("""
            {
              "name": "e2e-host-down",
              "vm": { "memoryMiB": 256, "vcpus": 1 },
              "workload": { "workingSetMiB": 32, "dirtyRatePagesPerSecond": 500 },
              "migration": { "mode": "precopy", "maxBandwidthMiBps": 4, "maxTimeSeconds": 120 },
              "repetitions": 3
            }
            """);
        // A slow migration (about 40 MiB at 4 MiB/s): freeze its destination while it is under way.
        RunRecord? migrating = null;
        await WaitUntil(async () =>
        {
            var runs = await lab.Api.GetJsonAsync<List<RunRecord>>($"/api/experiments/{created.Id}/runs");
            migrating = runs.FirstOrDefault(r => r.Step == RunStep.Migrate);
            return migrating is not null;
        }, TimeSpan.FromMinutes(4), $"no run of {created.Id} reached its migrate step");
        var victim = migrating!.DestinationHost!;
        output.WriteLine($"freezing host {victim} during {migrating.Plan.RunId} ({migrating.SourceHost}→{victim})");

        ExperimentView final;
        List<RunRecord> finalRuns;
        using (var freezer = new ExecutorFreezer(lab.LabDirectory, victim))
        {
            freezer.Freeze();
            final = await lab.Api.WaitForFinalAsync(created.Id, ExperimentTimeout);
            finalRuns = await lab.Api.GetJsonAsync<List<RunRecord>>($"/api/experiments/{created.Id}/runs");
            var seen = (await lab.Api.GetJsonAsync<List<HostView>>("/api/hosts")).Single(h => h.Report.Host == victim);
            Assert.False(seen.Alive, $"host {victim} still looks alive while frozen");
            Assert.Contains("heartbeat", seen.DownReason);
        }
        foreach (var run in finalRuns)
            output.WriteLine($"{run.Plan.RunId} {run.Status} {run.SourceHost}→{run.DestinationHost} {run.FailedStep} {run.FailureReason}");

        var failed = finalRuns.Single(r => r.Plan.RunId == migrating.Plan.RunId);
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains($"host {victim}", failed.FailureReason);
        var later = finalRuns.Where(r => r.Plan.Index > failed.Plan.Index).ToList();
        Assert.NotEmpty(later);
        Assert.All(later, r =>
        {
            Assert.Equal(RunStatus.Completed, r.Status);
            Assert.NotEqual(victim, r.SourceHost);
            Assert.NotEqual(victim, r.DestinationHost);
        });
        Assert.Equal(ExperimentStatus.CompletedWithFailures, final.Status);
    }

    private Task<ExperimentView> Experiment(string id) => lab.Api.GetJsonAsync<ExperimentView>($"/api/experiments/{id}");
}
