using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Experiments;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Vms;

/// <summary>
/// After a scheduler restart a run in flight is checked against what the executors report. The restart is a
/// deactivation of the grains: they come back from their stored (JSON) state.
/// </summary>
public sealed class ReconcileTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    [Fact]
    public async Task A_migrating_run_whose_hosts_no_longer_report_the_vm_fails_naming_the_restart()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var experiment = await lab.CreateAsync(Specs.Simple(maxTimeSeconds: 120));
        var vm = VmId(experiment);
        var start = await lab.MigratingAsync(experiment);
        await lab.HeartbeatAsync(Heartbeats.For(start.Host));
        await lab.HeartbeatAsync(Heartbeats.For(start.DestinationHost));
        await cluster.Cluster.DeactivateAsync(lab.Vm(vm)).Within();

        await lab.Vm(vm).Reconcile().Within();

        var failed = await lab.WaitForFinishedAsync(start.RunId);
        Assert.Equal((RunStatus.Failed, "migrate"), (failed.Status, failed.FailedStep));
        Assert.Contains($"after the scheduler restarted, no host reports VM {vm}", failed.FailureReason);
        var commands = lab.Bus.CommandsFor(vm);
        Assert.Contains($"DestroyVm→{ExecutorQueue.Name(start.Host)}", commands);
        Assert.Contains($"DestroyVm→{ExecutorQueue.Name(start.DestinationHost)}", commands);
        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Failed, "failed");
    }

    [Fact]
    public async Task A_migrating_run_whose_source_still_reports_the_vm_keeps_waiting_for_the_executor()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var experiment = await lab.CreateAsync(Specs.Simple(maxTimeSeconds: 120));
        var vm = VmId(experiment);
        var start = await lab.MigratingAsync(experiment);
        await lab.HeartbeatAsync(Heartbeats.For(start.Host, vms: [vm]));
        await lab.HeartbeatAsync(Heartbeats.For(start.DestinationHost, vms: [vm]));
        await cluster.Cluster.DeactivateAsync(lab.Vm(vm)).Within();

        await lab.Vm(vm).Reconcile().Within();

        var view = (await lab.Vm(vm).Get().Within())!;
        Assert.Equal((VmLifecycle.Migrating, start.RunId, start.Host, start.DestinationHost), (view.State, view.RunId, view.Host, view.DestinationHost));
        Assert.DoesNotContain(lab.Bus.CommandsFor(vm), c => c.StartsWith("DestroyVm"));
        await lab.CompleteAsync(start);
        Assert.Equal(RunStatus.Completed, (await lab.WaitForFinishedAsync(start.RunId)).Status);
    }

    [Fact]
    public async Task A_run_whose_executor_restarted_meanwhile_fails_with_that_reason_and_reconciling_afterwards_changes_nothing()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var experiment = await lab.CreateAsync(Specs.Simple());
        var vm = VmId(experiment);
        var source = await lab.BootAsync(vm);
        var prepare = (await lab.WaitForPrepareAsync(RunId(experiment, 0))).Message;
        // The destination's executor restarted while the scheduler was away: its first heartbeat has a new instance…
        await lab.HeartbeatAsync(Heartbeats.For(source, vms: [vm]));
        await lab.HeartbeatAsync(Heartbeats.For(prepare.Host, instanceId: "instance-2"));

        var failed = await lab.WaitForFinishedAsync(prepare.RunId);
        Assert.Equal((RunStatus.Failed, "prepare"), (failed.Status, failed.FailedStep));
        Assert.Contains($"the executor on host {prepare.Host} restarted", failed.FailureReason);

        // …and reconciling afterwards has nothing left to do.
        await lab.Vm(vm).Reconcile().Within();
        Assert.Single(lab.Finished(prepare.RunId));
    }

    [Fact]
    public async Task A_booting_run_is_left_to_its_deadline_even_when_no_host_reports_the_vm_yet()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var experiment = await lab.CreateAsync(Specs.Simple());
        var vm = VmId(experiment);
        var host = (await lab.WaitForBootAsync(vm)).Message.Host;
        await cluster.Cluster.DeactivateAsync(lab.Vm(vm)).Within();

        await lab.Vm(vm).Reconcile().Within();

        Assert.Equal((VmLifecycle.Booting, host), ((await lab.Vm(vm).Get().Within())!.State, host));
        Assert.Empty(lab.Finished(RunId(experiment, 0)));
        await lab.Vm(vm).OnBooted(Booted(vm, host)).Within();
        await lab.WaitForPrepareAsync(RunId(experiment, 0));
    }

    [Fact]
    public async Task Resuming_an_experiment_reconciles_its_running_runs()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var experiment = await lab.CreateAsync(Specs.Simple(repetitions: 2, maxTimeSeconds: 120));
        var vm = VmId(experiment);
        var start = await lab.MigratingAsync(experiment);
        await cluster.Cluster.DeactivateAsync(lab.Experiment(experiment)).Within();
        await cluster.Cluster.DeactivateAsync(lab.Vm(vm)).Within();

        await lab.Grains.GetGrain<IExperimentRuns>(experiment).Resume().Within();

        var failed = await lab.WaitForFinishedAsync(start.RunId);
        Assert.Contains("after the scheduler restarted", failed.FailureReason);
        // The experiment goes on with its next run: a new boot, since the guest was destroyed.
        await TestTimeouts.Eventually(() => Task.FromResult(lab.Bus.Sent<BootVm>(b => b.VmId == vm).Count == 2), "a second BootVm");
        var view = (await lab.Experiment(experiment).Get().Within())!;
        Assert.Equal((1, 1), (view.Runs.Failed, view.Runs.Running));
    }
}
