using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using static MigrationAspire.EndToEnd.Tests.Fixture.Polling;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Faults;

/// <summary>
/// The fault matrix (issue 12): one part of the lab killed (SIGKILL, as a crash ends it) while a migration is under
/// way. Whatever the fault, the run ends completed or failed with a reason naming it, no run is left running, no QEMU
/// is left that no VM owns, the experiment reaches a final status, analytics holds each run exactly once, and the app
/// host has started the killed part again. The README's fault table is what these tests print.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class FaultMatrixTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly TimeSpan FinalWithin = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(90);

    // About 80 MiB (the guest's footprint and its 32 MiB working set) at 8 MiB/s: ten seconds of pre-copy to kill into.
    private static string Spec(string fault) => $$"""
        {
          "name": "e2e-fault-{{fault}}",
          "vm": { "memoryMiB": 256, "vcpus": 1 },
          "workload": { "workingSetMiB": 32, "dirtyRatePagesPerSecond": 500 },
          "migration": { "mode": "precopy", "maxBandwidthMiBps": 8, "maxTimeSeconds": 120 },
          "repetitions": 2
        }
        """;

    [Fact]
    public async Task An_executor_killed_mid_migration_fails_its_run_naming_the_host_takes_its_qemu_with_it_and_is_started_again()
    {
        string? host = null;
        int killed = 0;
        var outcome = await InjectAsync("executor", "executor-{host}", run =>
        {
            host = run.SourceHost!;
            killed = LabPrograms.Service("Executor", host);
            return killed;
        });

        Assert.Equal(RunStatus.Failed, outcome.Victim.Status);
        Assert.Contains($"host {host}", outcome.Victim.FailureReason);
        // Its QEMU died with it (parent-death signal), whichever way the run ended.
        Assert.Empty(LabProcesses.Qemu(lab.LabDirectory, outcome.Victim.VmId));
        await WaitUntil(async () => (await Get<List<HostView>>("/api/hosts")).Single(h => h.Report.Host == host).Alive, BackWithin,
            $"host {host} is not alive again after its executor was started again");
        Assert.NotEqual(killed, LabPrograms.Service("Executor", host));
    }

    [Fact]
    public async Task Redis_killed_mid_migration_is_started_again_and_every_run_ends_once()
    {
        var outcome = await InjectAsync("redis", "redis", _ => LabPrograms.Redis(lab.Redis));
        AssertEndedOrNamed(outcome.Victim, "Redis", "redis");
    }

    [Fact]
    public async Task RabbitMq_killed_mid_migration_is_started_again_and_the_run_s_outcome_arrives_once()
    {
        var outcome = await InjectAsync("rabbitmq", "messaging", _ => LabPrograms.RabbitMq(lab.LabDirectory));
        // The executor keeps the outcome until the bus takes it: a migration that went through is not lost.
        AssertEndedOrNamed(outcome.Victim, "RabbitMQ", "bus");
    }

    [Fact]
    public async Task RabbitMq_killed_as_the_source_completes_leaves_the_destination_s_verdict_to_be_asked_for_again_and_the_run_completes()
    {
        // The destination watches and verifies the guest while the broker is down: its first reply is lost.
        var outcome = await InjectAsync("rabbitmq-confirm", "messaging", _ => LabPrograms.RabbitMq(lab.LabDirectory),
            until: run => WaitUntil(() => Task.FromResult(lab.Logs.Grep($"executor-{run.SourceHost}", $"Run {run.Plan.RunId}: the source QEMU reported completed").Length > 0),
                TimeSpan.FromMinutes(2), $"the source of {run.Plan.RunId} never reported completed"));
        Assert.Equal(RunStatus.Completed, outcome.Victim.Status);
    }

    [Fact]
    public async Task The_scheduler_silo_killed_mid_migration_is_started_again_and_the_experiment_finishes()
    {
        var outcome = await InjectAsync("scheduler", "scheduler", _ => LabPrograms.Service("Scheduler"));
        AssertEndedOrNamed(outcome.Victim, "scheduler", "silo");
    }

    [Fact]
    public async Task The_scheduler_paused_mid_migration_judges_no_host_by_the_silence_it_slept_through_and_the_run_completes()
    {
        // A paused machine or process (SIGSTOP here; a VM snapshot in a CI run) wakes with every host's heartbeats
        // still queued in RabbitMQ: a liveness check that ran first once marked every host down and failed a run.
        await LabHealthyAsync();
        var created = await lab.Api.PostExperimentAsync(Spec("scheduler-paused"));
        var migrating = await MigratingRunAsync(created.Id);
        var pid = LabPrograms.Service("Scheduler");
        output.WriteLine($"pausing the scheduler (pid {pid}) for 15 s during {migrating.Plan.RunId} ({migrating.SourceHost}→{migrating.DestinationHost})");
        var clock = Stopwatch.StartNew();
        ExperimentView final;
        using (lab.Faults.Open("scheduler-paused"))
        {
            LabPrograms.Signal(pid, "STOP");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(15));
            }
            finally
            {
                LabPrograms.Signal(pid, "CONT");
            }
            final = await lab.Api.WaitForFinalAsync(created.Id, FinalWithin);
        }
        var runs = await Get<List<RunRecord>>($"/api/experiments/{created.Id}/runs");
        foreach (var run in runs)
            output.WriteLine($"{run.Plan.RunId} {run.Status} {run.SourceHost}→{run.DestinationHost} {run.FailedStep} {run.FailureReason}");
        var victim = runs.Single(r => r.Plan.RunId == migrating.Plan.RunId);
        Report("scheduler-paused", "scheduler", victim, clock.Elapsed);

        Assert.All(runs, r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.Equal(ExperimentStatus.Completed, final.Status);
        var hosts = await Get<List<HostView>>("/api/hosts");
        Assert.All(hosts, h => Assert.True(h.Alive && h.DownReason is null, $"host {h.Report.Host} was judged down: {h.DownReason}"));
        // Paused and resumed, not restarted.
        Assert.Equal(pid, LabPrograms.Service("Scheduler"));
        await WaitUntil(() => Task.FromResult(lab.Logs.Grep("scheduler", "The scheduler did not run for").Length > 0), TimeSpan.FromSeconds(10),
            "the scheduler did not log the stall it woke from");
        await AssertCleanAsync(created.Id);
    }

    [Fact]
    public async Task The_api_killed_while_a_client_follows_a_run_lets_the_client_resume_with_Last_Event_ID_and_miss_nothing()
    {
        await LabHealthyAsync();
        var created = await lab.Api.PostExperimentAsync(Spec("api"));
        var victim = await MigratingRunAsync(created.Id);
        var runId = victim.Plan.RunId;
        var follower = new SseFollower(lab.Api, $"/api/runs/{runId}/events", output);
        var following = follower.RunAsync(FinalWithin);
        await WaitUntil(() => Task.FromResult(follower.Samples.Count >= 3), TimeSpan.FromMinutes(1), "no samples reached the follower");

        var clock = Stopwatch.StartNew();
        var killed = LabPrograms.Service("Api");
        output.WriteLine($"killing the API (pid {killed}) after {follower.Samples.Count} samples of {runId}");
        using (lab.Faults.Open("api"))
        {
            LabPrograms.Kill(killed);
            await following;
        }
        output.WriteLine($"the follower reconnected {follower.Reconnects} time(s); end after {clock.Elapsed.TotalSeconds:F1} s");

        var final = await lab.Api.WaitForFinalAsync(created.Id, FinalWithin);
        var recorded = (await Get<List<RunRecord>>($"/api/experiments/{created.Id}/runs")).Single(r => r.Plan.RunId == runId);
        var stored = await Get<List<JsonElement>>($"/api/runs/{runId}/samples");
        Report("api", "api", recorded, clock.Elapsed);

        Assert.True(follower.Reconnects >= 1, "the stream never broke: the API was not killed under it");
        Assert.NotEqual(killed, LabPrograms.Service("Api"));
        // Every sample once, in order, none missing across the restart.
        Assert.Equal(follower.Samples.Distinct().Count(), follower.Samples.Count);
        Assert.Equal(stored.Count, follower.Samples.Count);
        Assert.Equal(recorded.Status, follower.EndStatus);
        Assert.Equal(recorded.Status, follower.LastStatus);
        Assert.True(final.Status.IsFinal());
        await AssertCleanAsync(created.Id);
    }

    private sealed record Outcome(RunRecord Victim, ExperimentView Experiment);

    /// <summary>
    /// Posts an experiment, kills the process <paramref name="pickVictim"/> names while its first migration is under
    /// way (two seconds into it, or once <paramref name="until"/> is done), and checks what every fault must leave behind.
    /// </summary>
    private async Task<Outcome> InjectAsync(string fault, string resource, Func<RunRecord, int> pickVictim, Func<RunRecord, Task>? until = null)
    {
        await LabHealthyAsync();
        var created = await lab.Api.PostExperimentAsync(Spec(fault));
        var migrating = await MigratingRunAsync(created.Id);
        if (until is not null)
            await until(migrating);
        var pid = pickVictim(migrating);
        resource = resource.Replace("{host}", migrating.SourceHost, StringComparison.Ordinal);
        output.WriteLine($"killing {resource} (pid {pid}: {LabProcessTree.Command(pid)}) during {migrating.Plan.RunId} ({migrating.SourceHost}→{migrating.DestinationHost})");
        var clock = Stopwatch.StartNew();
        using var window = lab.Faults.Open(fault);
        LabPrograms.Kill(pid);

        var final = await lab.Api.WaitForFinalAsync(created.Id, FinalWithin);
        var runs = await Get<List<RunRecord>>($"/api/experiments/{created.Id}/runs");
        foreach (var run in runs)
            output.WriteLine($"{run.Plan.RunId} {run.Status} {run.SourceHost}→{run.DestinationHost} {run.FailedStep} {run.FailureReason}");
        var victim = runs.Single(r => r.Plan.RunId == migrating.Plan.RunId);
        Report(fault, resource, victim, clock.Elapsed);

        Assert.All(runs, r => Assert.True(r.Status.IsFinal(), $"{r.Plan.RunId} is {r.Status}"));
        Assert.All(runs.Where(r => r.Status == RunStatus.Failed), r => Assert.False(string.IsNullOrEmpty(r.FailureReason)));
        // The runs after the fault found a lab that works again.
        Assert.All(runs.Where(r => r.Plan.Index > victim.Plan.Index), r => Assert.Equal(RunStatus.Completed, r.Status));
        await AssertRunningAgainAsync(resource, pid);
        window.Dispose();
        await AssertCleanAsync(created.Id);
        return new Outcome(victim, final);
    }

    /// <summary>Every part of the lab up and every host alive: a fault test starts from a whole lab, whatever ran before it.</summary>
    private async Task LabHealthyAsync()
    {
        var notifications = lab.App.Services.GetRequiredService<ResourceNotificationService>();
        using var timeout = new CancellationTokenSource(BackWithin);
        foreach (var resource in LabFixture.ResourceNames)
            await notifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        await WaitUntil(async () => (await Get<List<HostView>>("/api/hosts")).All(h => h.Alive), BackWithin,
            "not every host is alive before the fault");
    }

    /// <summary>The first run of the experiment once it is in its migrate step, two seconds into it.</summary>
    private async Task<RunRecord> MigratingRunAsync(string experimentId)
    {
        RunRecord? migrating = null;
        await WaitUntil(async () =>
        {
            var runs = await Get<List<RunRecord>>($"/api/experiments/{experimentId}/runs");
            migrating = runs.FirstOrDefault(r => r.Step == RunStep.Migrate);
            return migrating is not null;
        }, TimeSpan.FromMinutes(4), $"no run of {experimentId} reached its migrate step");
        await Task.Delay(TimeSpan.FromSeconds(2));
        return migrating!;
    }

    private async Task AssertRunningAgainAsync(string resource, int killed)
    {
        var notifications = lab.App.Services.GetRequiredService<ResourceNotificationService>();
        using var timeout = new CancellationTokenSource(BackWithin);
        await notifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        Assert.DoesNotContain(killed, LabProcessTree.Find().Keys);
    }

    /// <summary>No QEMU of the experiment outlives it, and analytics holds each of its runs exactly once.</summary>
    private async Task AssertCleanAsync(string experimentId)
    {
        await WaitUntil(() => Task.FromResult(!LabProcesses.Qemu(lab.LabDirectory).Any(p => p.CommandLine.Contains($"-name {experimentId}-", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(60), $"a QEMU of {experimentId} outlived the experiment");
        var runs = await Get<List<RunRecord>>($"/api/experiments/{experimentId}/runs");
        List<JsonElement> stored = [];
        await WaitUntil(async () =>
        {
            using var response = await lab.Api.GetAsync($"/api/analytics/experiments/{experimentId}/runs");
            stored = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<List<JsonElement>>(ApiClient.Json))! : [];
            return stored.Count >= runs.Count;
        }, TimeSpan.FromSeconds(60), $"analytics does not hold every run of {experimentId}");
        var ids = stored.Select(r => r.GetProperty("runId").GetString()).ToList();
        Assert.Equal(runs.Select(r => r.Plan.RunId).Order(), ids.Order());
        foreach (var run in runs)
            Assert.Equal(run.Status.ToString(), stored.Single(s => s.GetProperty("runId").GetString() == run.Plan.RunId).GetProperty("status").GetString(), ignoreCase: true);
    }

    private static void AssertEndedOrNamed(RunRecord victim, params string[] names)
    {
        if (victim.Status == RunStatus.Completed)
            return;
        Assert.Equal(RunStatus.Failed, victim.Status);
        Assert.True(names.Any(n => victim.FailureReason!.Contains(n, StringComparison.OrdinalIgnoreCase)),
            $"the run failed without naming the fault ({string.Join(" or ", names)}): {victim.FailureReason}");
    }

    private void Report(string fault, string resource, RunRecord victim, TimeSpan ended) =>
        output.WriteLine($"FAULT | {fault} | {resource} | {victim.Status} | {victim.FailureReason ?? (victim.Result is null ? "" : "verified")} | {ended.TotalSeconds:F0} s");

    private Task<T> Get<T>(string path) => lab.Api.GetJsonPatientlyAsync<T>(path, BackWithin);
}
