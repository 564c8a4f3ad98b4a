using MigrationAspire.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MigrationAspire.Scheduler.Experiments;
using MigrationAspire.Scheduler.Hosting;
using MigrationAspire.Scheduler.Placement;
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
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(maxTimeSeconds: 120));
        var start = await lab.MigratingAsync(experiment);
        await lab.HeartbeatAsync(Heartbeats.For(start.Host));
        await lab.HeartbeatAsync(Heartbeats.For(start.DestinationHost));
        await cluster.Cluster.DeactivateAsync(lab.Vm(vm)).Within();

        await lab.Vm(vm).Reconcile().Within();

        var failed = await lab.WaitForFinishedAsync(start.RunId);
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Migrate), (failed.Status, failed.FailedStep));
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
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(maxTimeSeconds: 120));
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
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple());
        var source = await lab.BootAsync(vm);
        var prepare = (await lab.WaitForPrepareAsync(RunId(experiment, 0))).Message;
        // The destination's executor restarted while the scheduler was away: its first heartbeat has a new instance…
        await lab.HeartbeatAsync(Heartbeats.For(source, vms: [vm]));
        await lab.HeartbeatAsync(Heartbeats.For(prepare.Host, instanceId: "instance-2"));

        var failed = await lab.WaitForFinishedAsync(prepare.RunId);
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Prepare), (failed.Status, failed.FailedStep));
        Assert.Contains($"the executor on host {prepare.Host} restarted", failed.FailureReason);

        // …and reconciling afterwards has nothing left to do.
        await lab.Vm(vm).Reconcile().Within();
        Assert.Single(lab.Finished(prepare.RunId));
    }

    [Fact]
    public async Task A_booting_run_is_left_to_its_deadline_even_when_no_host_reports_the_vm_yet()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple());
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
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2, maxTimeSeconds: 120));
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

    [Fact]
    public async Task At_start_up_the_experiments_in_the_index_are_resumed_and_their_runs_reconciled()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, _) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(maxTimeSeconds: 120));
        var start = await lab.MigratingAsync(experiment);
        await cluster.Cluster.DeactivateAsync(lab.Vm(start.VmId)).Within();
        var resume = new ResumeOnStartup(lab.Grains, new StartedLifetime(), Options.Create(cluster.Options), NullLogger<ResumeOnStartup>.Instance);

        await resume.StartAsync(CancellationToken.None).Within();
        await resume.ExecuteTask!.Within();

        var failed = await lab.WaitForFinishedAsync(start.RunId);
        Assert.Contains("after the scheduler restarted", failed.FailureReason);
        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Failed, "failed");
    }

    [Fact]
    public async Task Every_grain_reloaded_from_its_stored_json_mid_migration_carries_on_where_it_was()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, _) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(maxTimeSeconds: 120));
        var start = await lab.MigratingAsync(experiment);
        var other = await lab.CreateAsync(Specs.Simple());

        foreach (var grain in new IAddressable[]
        {
            lab.Experiment(experiment), lab.Experiment(other), lab.Vm(start.VmId), lab.Host(start.Host), lab.Host(start.DestinationHost),
            lab.Grains.GetGrain<IPlacementGrain>(IPlacementGrain.Key), lab.Grains.GetGrain<IHostRegistryGrain>(IHostRegistryGrain.Key),
        })
            await cluster.Cluster.DeactivateAsync(grain).Within();

        // The host pair is still leased to the migration being measured: the other experiment's VM does not even boot.
        await cluster.AdvanceAsync(3 * cluster.Options.PlacementRetry);
        Assert.Empty(lab.Bus.CommandsFor(VmId(other)));
        var host = (await lab.Host(start.DestinationHost).Get().Within())!;
        Assert.True(host.Alive);
        Assert.Contains(start.DestinationHost, await lab.Grains.GetGrain<IHostRegistryGrain>(IHostRegistryGrain.Key).List().Within());

        await lab.CompleteAsync(start);
        var done = await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Completed, "completed");
        Assert.Equal(new RunCounts { Completed = 1 }, done.Runs);
        Assert.Equal(RunStatus.Completed, (await lab.WaitForFinishedAsync(start.RunId)).Status);
        await cluster.AdvanceAsync(2 * cluster.Options.PlacementRetry);
        await lab.BootAsync(VmId(other));
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        await lab.WaitForPrepareAsync(RunId(other, 0));
    }
}
