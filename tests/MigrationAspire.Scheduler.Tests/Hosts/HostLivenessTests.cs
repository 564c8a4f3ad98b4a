using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Hosting;
using MigrationAspire.Scheduler.Hosts;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Hosts;

/// <summary>A silo whose hosts are down after 10 s without a heartbeat.</summary>
public sealed class LivenessCluster : SchedulerCluster
{
    protected override void Configure(SchedulerOptions options) => options.HostDownAfter = TimeSpan.FromSeconds(10);
}

/// <summary>Hosts are known from their heartbeats; silence or an executor restart costs them their VMs.</summary>
public sealed class HostLivenessTests(LivenessCluster cluster) : IClassFixture<LivenessCluster>
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_first_heartbeat_registers_the_host_with_what_it_reports()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var host = await lab.HostAsync("a", memoryBudgetMiB: 3000, maxVms: 3);
        await lab.HeartbeatAsync(Heartbeats.For(host, memoryBudgetMiB: 3000, memoryUsedMiB: 256, maxVms: 3, vms: ["vm-x"]));

        Assert.Contains(host, await lab.Grains.GetGrain<IHostRegistryGrain>(IHostRegistryGrain.Key).List().Within());
        var view = (await lab.Host(host).Get().Within())!;
        Assert.True(view.Alive);
        Assert.Equal(("tcg", "instance-1", 3000, 256, 3), (view.Report.Accelerator, view.Report.InstanceId, view.Report.MemoryBudgetMiB, view.Report.MemoryUsedMiB, view.Report.MaxVms));
        Assert.Equal(["vm-x"], view.Report.Vms.Select(v => v.VmId));
        Assert.Equal(cluster.Clock.GetUtcNow(), view.LastSeen);
        Assert.Null(await lab.Host($"{host}-never-seen").Get().Within());
    }

    [Fact]
    public async Task A_host_silent_beyond_the_limit_is_marked_down_naming_it_and_its_next_heartbeat_brings_it_back()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var host = await lab.HostAsync("a");

        await cluster.AdvanceAsync(9 * Second);
        Assert.True((await lab.Host(host).Get().Within())!.Alive);
        await cluster.AdvanceAsync(2 * Second);

        var down = await TestTimeouts.Eventually(async () => await lab.Host(host).Get() is { Alive: false } v ? v : null, $"{host} to be down");
        Assert.Contains(host, down.DownReason);
        Assert.Contains("no heartbeat", down.DownReason);
        await lab.HeartbeatAsync(Heartbeats.For(host));
        var back = (await lab.Host(host).Get().Within())!;
        Assert.True(back.Alive);
        Assert.Null(back.DownReason);
    }

    [Fact]
    public async Task A_host_silent_while_the_scheduler_cannot_hear_the_bus_stays_alive_and_its_silence_counts_from_a_grace_after_the_bus_is_heard_again()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var host = await lab.HostAsync("a");
        var endpoint = new Uri("rabbitmq://localhost/host-heartbeat");
        try
        {
            // RabbitMQ down for 30 s: no heartbeat can arrive, and none is held against the host.
            cluster.Listening.Deaf(endpoint);
            await cluster.AdvanceAsync(30 * Second);
            Assert.True((await lab.Host(host).Get().Within())!.Alive);

            // Back: the executors reconnect on their own back-off, so silence counts only after the grace.
            cluster.Listening.Hearing(endpoint);
            await cluster.AdvanceAsync(BusListening.ReconnectGrace + 9 * Second);
            Assert.True((await lab.Host(host).Get().Within())!.Alive);
            await cluster.AdvanceAsync(2 * Second);
            var down = await TestTimeouts.Eventually(async () => await lab.Host(host).Get() is { Alive: false } v ? v : null, $"{host} to be down");
            Assert.Contains("no heartbeat", down.DownReason);
        }
        finally
        {
            cluster.Listening.Hearing(endpoint);
        }
    }

    [Fact]
    public async Task The_silence_allowed_is_at_least_three_of_the_hosts_own_heartbeat_intervals()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var host = await lab.HostAsync("a");
        await lab.HeartbeatAsync(Heartbeats.For(host, intervalSeconds: 5));

        await cluster.AdvanceAsync(14 * Second);
        Assert.True((await lab.Host(host).Get().Within())!.Alive);
        await cluster.AdvanceAsync(2 * Second);

        await TestTimeouts.Eventually(async () => await lab.Host(host).Get() is { Alive: false }, $"{host} to be down");
    }

    [Fact]
    public async Task A_vm_migrating_to_a_host_that_falls_silent_fails_its_run_with_the_reason_the_host_is_down()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(maxTimeSeconds: 120));
        var start = await lab.MigratingAsync(experiment);

        // Only the source keeps beating.
        await cluster.AdvanceAsync(6 * Second);
        await lab.HeartbeatAsync(Heartbeats.For(start.Host, vms: [vm]));
        await cluster.AdvanceAsync(6 * Second);

        var failed = await lab.WaitForFinishedAsync(start.RunId);
        var destination = (await lab.Host(start.DestinationHost).Get().Within())!;
        Assert.False(destination.Alive);
        Assert.True((await lab.Host(start.Host).Get().Within())!.Alive);
        Assert.Equal((RunStatus.Failed, RunStep.Migrate, destination.DownReason), (failed.Status, failed.FailedStep, failed.FailureReason));
        Assert.Contains(start.DestinationHost, failed.FailureReason);
        var commands = lab.Bus.CommandsFor(vm);
        Assert.Contains($"DestroyVm→{ExecutorQueue.Name(start.Host)}", commands);
        Assert.Contains($"DestroyVm→{ExecutorQueue.Name(start.DestinationHost)}", commands);
        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Failed, "failed");
    }

    [Fact]
    public async Task A_heartbeat_with_a_new_instance_id_means_the_executor_restarted_and_its_vms_are_gone()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2));
        var source = await lab.BootAsync(vm);
        var prepare = (await lab.WaitForPrepareAsync(RunId(experiment, 0))).Message;

        await lab.HeartbeatAsync(Heartbeats.For(source, instanceId: "instance-2"));

        var failed = await lab.WaitForFinishedAsync(prepare.RunId);
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Prepare), (failed.Status, failed.FailedStep));
        Assert.Contains($"the executor on host {source} restarted", failed.FailureReason);
        var host = (await lab.Host(source).Get().Within())!;
        Assert.Equal((true, "instance-2"), (host.Alive, host.Report.InstanceId));
        Assert.Contains($"DestroyVm→{ExecutorQueue.Name(prepare.Host)}", lab.Bus.CommandsFor(vm));
        // The guest is gone: the next run boots a new one instead of migrating a guest that no longer exists.
        await TestTimeouts.Eventually(() => Task.FromResult(lab.Bus.Sent<BootVm>(b => b.VmId == vm).Count == 2), "a second BootVm");
        Assert.Empty(lab.Bus.Sent<PrepareIncoming>(p => p.RunId == RunId(experiment, 1)));
    }

    [Fact]
    public async Task After_a_scheduler_restart_a_host_is_not_judged_by_the_silence_while_no_scheduler_could_hear_it()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, _) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(maxTimeSeconds: 120));
        var start = await lab.MigratingAsync(experiment);

        // The scheduler is away for 30 s; then start-up wakes the hosts (ResumeOnStartup calls Get).
        await cluster.Cluster.DeactivateAsync(lab.Host(start.Host)).Within();
        await cluster.Cluster.DeactivateAsync(lab.Host(start.DestinationHost)).Within();
        await cluster.AdvanceAsync(30 * Second);
        Assert.True((await lab.Host(start.Host).Get().Within())!.Alive);
        Assert.True((await lab.Host(start.DestinationHost).Get().Within())!.Alive);
        await cluster.AdvanceAsync(2 * Second);

        Assert.True((await lab.Host(start.Host).Get().Within())!.Alive);
        Assert.True((await lab.Host(start.DestinationHost).Get().Within())!.Alive);
        Assert.Empty(lab.Finished(start.RunId));
        // Still silent a full limit after the restart: now it is down.
        await cluster.AdvanceAsync(10 * Second);
        await TestTimeouts.Eventually(async () => await lab.Host(start.Host).Get() is { Alive: false }, $"{start.Host} to be down");
    }
}
