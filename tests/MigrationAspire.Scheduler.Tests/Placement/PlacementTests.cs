using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Placement;

/// <summary>
/// Boots and migrations go to live, ready hosts with room; one migration at a time per host pair. The fixture's
/// placement retries every 1 s, waits at most 60 s for a pair and 20 s for a host with room, and gives a boot 10 s.
/// </summary>
public sealed class PlacementTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_vm_larger_than_every_host_fails_its_run_at_boot_at_once_with_a_reason_listing_every_host()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var small = await lab.HostAsync("small", memoryBudgetMiB: 1024);
        var large = await lab.HostAsync("large", memoryBudgetMiB: 8192);
        var experiment = await lab.CreateAsync(Specs.Simple(memoryMiB: 10240));

        // No clock advance: no host the lab knows (earlier tests' included) could hold it even empty.
        var failed = await lab.WaitForFinishedAsync(RunId(experiment, 0));

        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Boot), (failed.Status, failed.FailedStep));
        Assert.Contains("no live host has room for a 10240 MiB VM", failed.FailureReason);
        Assert.Contains($"{small}: 0/1024 MiB, 0/4 VMs", failed.FailureReason);
        Assert.Contains($"{large}: 0/8192 MiB, 0/4 VMs", failed.FailureReason);
        Assert.DoesNotContain("no host came within", failed.FailureReason);
        Assert.Empty(lab.Bus.CommandsFor(VmId(experiment)));
        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Failed, "failed");
    }

    [Fact]
    public async Task A_vm_no_host_has_room_for_now_waits_for_one_and_fails_after_the_host_wait_naming_every_host()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var small = await lab.HostAsync("small", memoryBudgetMiB: 1024);
        var full = await lab.HostAsync("full", memoryBudgetMiB: 4096, maxVms: 1);
        await lab.HeartbeatAsync(Heartbeats.For(full, memoryBudgetMiB: 4096, memoryUsedMiB: 256, maxVms: 1, vms: ["other-vm"]));
        var experiment = await lab.CreateAsync(Specs.Simple(memoryMiB: 2048));

        var failed = await FinishedWhileTimePassesAsync(lab, RunId(experiment, 0));

        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Boot), (failed.Status, failed.FailedStep));
        Assert.Contains("no live host has room for a 2048 MiB VM", failed.FailureReason);
        Assert.Contains($"{small}: 0/1024 MiB, 0/4 VMs", failed.FailureReason);
        Assert.Contains($"{full}: 256/4096 MiB, 1/1 VMs", failed.FailureReason);
        Assert.Contains($"no host came within {cluster.Options.HostWaitTimeout.TotalSeconds:0} s", failed.FailureReason);
        Assert.Empty(lab.Bus.CommandsFor(VmId(experiment)));
        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Failed, "failed");
    }

    [Fact]
    public async Task A_vm_waiting_for_room_boots_on_the_host_that_frees_up()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var full = await lab.HostAsync("full", memoryBudgetMiB: 4096, maxVms: 1);
        await lab.HeartbeatAsync(Heartbeats.For(full, memoryBudgetMiB: 4096, memoryUsedMiB: 256, maxVms: 1, vms: ["other-vm"]));
        var experiment = await lab.CreateAsync(Specs.Simple());
        await cluster.AdvanceAsync(3 * cluster.Options.PlacementRetry);
        Assert.Empty(lab.Bus.CommandsFor(VmId(experiment)));

        await lab.HeartbeatAsync(Heartbeats.For(full, memoryBudgetMiB: 4096, maxVms: 1));
        // Placement's retry timer runs on the lab's clock.
        await cluster.AdvanceAsync(2 * cluster.Options.PlacementRetry);

        Assert.Equal(full, await lab.BootAsync(VmId(experiment)));
        Assert.Empty(lab.Finished(RunId(experiment, 0)));
    }

    /// <summary>Advances the lab's clock (placement's retry timer runs on it) a few seconds at a time until the run is final.</summary>
    private async Task<RunRecord> FinishedWhileTimePassesAsync(Scenario lab, string runId)
    {
        for (var i = 0; i < 60 && lab.Finished(runId).Count == 0; i++)
        {
            await cluster.AdvanceAsync(TimeSpan.FromSeconds(5));
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        return await lab.WaitForFinishedAsync(runId);
    }

    [Fact]
    public async Task A_host_still_probing_its_accelerator_is_never_used_even_with_the_most_room()
    {
        await using var lab = await cluster.StartScenarioAsync();
        // "a" sorts first and has the most room: it would win every tie if it were ready.
        var probing = await lab.HostAsync("a", accelerator: "unknown", memoryBudgetMiB: 16384);
        var ready = await lab.HostAsync("b", memoryBudgetMiB: 2048);
        var experiment = await lab.CreateAsync(Specs.Simple());
        var vm = VmId(experiment);

        Assert.Equal(ready, await lab.BootAsync(vm));

        var failed = await FinishedWhileTimePassesAsync(lab, RunId(experiment, 0));
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Prepare), (failed.Status, failed.FailedStep));
        Assert.Contains($"no live host other than {ready}", failed.FailureReason);
        Assert.Contains($"{probing}: not ready (still probing)", failed.FailureReason);
        Assert.DoesNotContain(lab.Bus.CommandsFor(vm), c => c.EndsWith(ExecutorQueue.Name(probing)));
    }

    [Fact]
    public async Task Two_vms_booting_at_once_never_take_the_same_free_slot()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (a, b) = (await lab.HostAsync("a", maxVms: 1), await lab.HostAsync("b", maxVms: 1));
        var experiment = await lab.CreateAsync(Specs.Simple(repetitions: 2, maxConcurrentRuns: 2));

        var first = await lab.WaitForBootAsync(VmId(experiment, 0));
        var second = await lab.WaitForBootAsync(VmId(experiment, 1));

        Assert.Equal([a, b], new[] { first.Message.Host, second.Message.Host }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_second_migration_between_the_same_two_hosts_waits_for_the_first_and_then_proceeds()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, _) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2, maxConcurrentRuns: 2));
        var (vm0, vm1) = (VmId(experiment, 0), VmId(experiment, 1));
        var (run0, run1) = (await RunOf(lab, experiment, vm0), await RunOf(lab, experiment, vm1));
        await lab.BootAsync(vm0);
        var first = (await lab.WaitForPrepareAsync(run0)).Message;

        await lab.BootAsync(vm1);
        await cluster.AdvanceAsync(Second);

        var waiting = (await lab.Vm(vm1).Get().Within())!;
        Assert.Equal((VmLifecycle.Idle, run1), (waiting.State, waiting.RunId));
        Assert.Empty(lab.Bus.Sent<PrepareIncoming>(p => p.RunId == run1));
        Assert.Equal(RunStatus.Running, (await lab.Experiment(experiment).GetRun(Index(run1)).Within())!.Status);

        await lab.CompleteAsync((await lab.ReadyAsync(first)).Message);
        await cluster.AdvanceAsync(Second);

        var second = await lab.WaitForPrepareAsync(run1);
        Assert.Equal(run1, second.Message.RunId);
    }

    [Fact]
    public async Task A_run_waiting_for_a_busy_host_pair_waits_the_placement_timeout_not_what_is_left_of_its_boot_deadline()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, _) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2, maxConcurrentRuns: 2, maxTimeSeconds: 120));
        var (vm0, vm1) = (VmId(experiment, 0), VmId(experiment, 1));
        var (run0, run1) = (await RunOf(lab, experiment, vm0), await RunOf(lab, experiment, vm1));
        await lab.BootAsync(vm0);
        await lab.ReadyAsync((await lab.WaitForPrepareAsync(run0)).Message);
        await lab.BootAsync(vm1);

        // Past the boot's 10 s: the run is still only waiting for the pair, as it may for 60 s.
        await cluster.AdvanceAsync(15 * Second);
        var run = (await lab.Experiment(experiment).GetRun(Index(run1)).Within())!;
        Assert.Equal((RunStatus.Running, RunStep.Waiting), (run.Status, run.Step));
        Assert.Empty(lab.Finished(run1));

        await cluster.AdvanceAsync(46 * Second);
        var failed = await lab.WaitForFinishedAsync(run1);
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Waiting), (failed.Status, failed.FailedStep));
        Assert.Contains("no host pair became free", failed.FailureReason);
        Assert.Empty(lab.Bus.Sent<PrepareIncoming>(p => p.RunId == run1));
    }

    [Fact]
    public async Task A_migration_longer_than_a_quarter_hour_keeps_its_host_pair_to_itself()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var long_ = await lab.CreateAsync(Specs.Simple(maxTimeSeconds: 1800));
        var start = await lab.MigratingAsync(long_);

        // 20 minutes into the migration (its own limit is 30), both hosts still beating.
        for (var i = 0; i < 6; i++)
        {
            await cluster.AdvanceAsync(200 * Second);
            await lab.HeartbeatAsync(Heartbeats.For(start.Host, vms: [start.VmId]));
            await lab.HeartbeatAsync(Heartbeats.For(start.DestinationHost, vms: [start.VmId]));
        }
        Assert.Equal(VmLifecycle.Migrating, (await lab.Vm(start.VmId).Get().Within())!.State);
        var other = await lab.CreateAsync(Specs.Simple());
        var vm = VmId(other);
        // Both hosts are in the migration being measured: the other VM does not even boot beside it.
        await cluster.AdvanceAsync(3 * cluster.Options.PlacementRetry);
        Assert.Empty(lab.Bus.CommandsFor(vm));

        await lab.CompleteAsync(start);
        await cluster.AdvanceAsync(2 * cluster.Options.PlacementRetry);
        await lab.BootAsync(vm);
        await cluster.AdvanceAsync(Second);
        await lab.WaitForPrepareAsync(RunId(other, 0));
    }

    [Fact]
    public async Task No_boot_probe_or_preparation_goes_to_a_host_of_another_pair_s_migration_while_it_is_measured()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (a, b) = await lab.TwoHostsAsync();
        var first = await lab.CreateAsync(Specs.Simple(maxTimeSeconds: 120));
        var start = await lab.MigratingAsync(first);
        var third = await lab.HostAsync("c");

        // A second experiment's VM boots on the one host outside the measured pair, and then has nowhere to migrate
        // (a and b are both in the measured migration): no probe, no preparation until it ends.
        var other = await lab.CreateAsync(Specs.Simple());
        var vm = VmId(other);
        Assert.Equal(third, await lab.BootAsync(vm));
        await cluster.AdvanceAsync(3 * cluster.Options.PlacementRetry);
        Assert.Equal([$"BootVm→{ExecutorQueue.Name(third)}"], lab.Bus.CommandsFor(vm));
        var waiting = (await lab.Experiment(other).GetRun(0).Within())!;
        Assert.Equal((RunStatus.Running, RunStep.Waiting), (waiting.Status, waiting.Step));

        await lab.CompleteAsync(start);
        await cluster.AdvanceAsync(2 * cluster.Options.PlacementRetry);
        var prepare = (await lab.WaitForPrepareAsync(RunId(other, 0))).Message;
        Assert.Contains(prepare.Host, new[] { a, b });
        Assert.Equal([$"BootVm→{ExecutorQueue.Name(third)}", $"ProbeDirtyRate→{ExecutorQueue.Name(third)}", $"PrepareIncoming→{ExecutorQueue.Name(prepare.Host)}"],
            lab.Bus.CommandsFor(vm).Take(3));
    }

    [Fact]
    public async Task The_next_repetition_goes_back_where_the_vm_came_from_even_when_another_host_has_more_room()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (a, b) = await lab.TwoHostsAsync();
        var experiment = await lab.CreateAsync(Specs.Simple(repetitions: 2));
        var vm = VmId(experiment);
        var start = await lab.MigratingAsync(experiment);
        var origin = start.Host;
        var third = await lab.HostAsync("c", memoryBudgetMiB: 16384);
        await lab.HeartbeatAsync(Heartbeats.For(origin, memoryUsedMiB: 2048));

        await lab.CompleteAsync(start);

        var back = await lab.WaitForPrepareAsync(RunId(experiment, 1));
        Assert.Equal(ExecutorQueue.Name(origin), back.Queue);
        Assert.NotEqual(third, back.Message.Host);
        Assert.Contains(origin, new[] { a, b });
    }

    /// <summary>The run the experiment gave a VM, from the BootVm it caused.</summary>
    private static async Task<string> RunOf(Scenario lab, string experiment, string vm)
    {
        await lab.WaitForBootAsync(vm);
        var runs = await lab.Experiment(experiment).GetRuns().Within();
        return runs.Single(r => r.VmId == vm).Plan.RunId;
    }

    private static int Index(string runId) => RunPlan.TryParseRunId(runId, out _, out var index) ? index : -1;
}
