using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Vms;

/// <summary>
/// A step the executor never answers fails its run when its deadline passes, naming the step, and reaps the QEMU
/// processes involved. Time is the fixture's fake clock: boot and prepare have 10 s, a migration its own time
/// limit (5 s here) plus 10 s of grace.
/// </summary>
public sealed class DeadlineTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_boot_that_never_answers_fails_the_run_at_boot_and_destroys_the_vm_on_its_host()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple());
        var host = (await lab.WaitForBootAsync(vm)).Message.Host;

        await cluster.AdvanceAsync(9 * Second);
        Assert.Equal(VmLifecycle.Booting, (await lab.Vm(vm).Get().Within())!.State);
        await cluster.AdvanceAsync(2 * Second);

        var destroy = await lab.Bus.WaitForSentAsync<DestroyVm>(d => d.VmId == vm, "for the VM that never booted");
        Assert.Equal(ExecutorQueue.Name(host), destroy.Queue);
        var failed = await lab.WaitForFinishedAsync(RunId(experiment, 0));
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Boot), (failed.Status, failed.FailedStep));
        Assert.Contains("deadline", failed.FailureReason);
        Assert.Contains(host, failed.FailureReason);
        var done = await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Failed, "failed");
        Assert.Equal(new RunCounts { Failed = 1 }, done.Runs);
    }

    [Fact]
    public async Task A_prepare_that_never_answers_aborts_the_incoming_vm_and_fails_the_run_at_prepare()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple());
        var source = await lab.BootAsync(vm);
        var prepare = (await lab.WaitForPrepareAsync(RunId(experiment, 0))).Message;

        await cluster.AdvanceAsync(11 * Second);

        var abort = await lab.Bus.WaitForSentAsync<AbortIncoming>(a => a.RunId == prepare.RunId, "for the prepare that never answered");
        Assert.Equal(ExecutorQueue.Name(prepare.Host), abort.Queue);
        var failed = await lab.WaitForFinishedAsync(prepare.RunId);
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Prepare), (failed.Status, failed.FailedStep));
        Assert.Contains("deadline", failed.FailureReason);
        Assert.Contains(prepare.Host, failed.FailureReason);
        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Failed, "failed");
        // The guest itself is fine: it stays on its source (until the finished experiment releases it).
        Assert.DoesNotContain($"DestroyVm→{ExecutorQueue.Name(prepare.Host)}", lab.Bus.CommandsFor(vm));
        var view = (await lab.Vm(vm).Get().Within())!;
        Assert.Contains(view.History, h => h.Event == VmEvent.Deadline && h.From == source);
    }

    [Fact]
    public async Task A_migration_that_never_answers_is_cancelled_its_vm_destroyed_on_both_hosts_and_the_run_fails_at_migrate()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(maxTimeSeconds: 5));
        var start = await lab.MigratingAsync(experiment);

        await cluster.AdvanceAsync(14 * Second);
        Assert.Equal(VmLifecycle.Migrating, (await lab.Vm(vm).Get().Within())!.State);
        await cluster.AdvanceAsync(2 * Second);

        var cancel = await lab.Bus.WaitForSentAsync<CancelMigration>(c => c.RunId == start.RunId, "for the migration that never answered");
        Assert.Equal(ExecutorQueue.Name(start.Host), cancel.Queue);
        var failed = await lab.WaitForFinishedAsync(start.RunId);
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Migrate), (failed.Status, failed.FailedStep));
        Assert.Contains("deadline", failed.FailureReason);
        Assert.Contains($"{start.Host}→{start.DestinationHost}", failed.FailureReason);
        Assert.Contains($"DestroyVm→{ExecutorQueue.Name(start.Host)}", lab.Bus.CommandsFor(vm));
        Assert.Contains($"DestroyVm→{ExecutorQueue.Name(start.DestinationHost)}", lab.Bus.CommandsFor(vm));
        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Failed, "failed");
    }

    [Fact]
    public async Task A_cancelled_migration_whose_executor_never_answers_ends_cancelled_at_its_deadline()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, _) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(maxTimeSeconds: 5));
        var start = await lab.MigratingAsync(experiment);

        await lab.Experiment(experiment).Cancel("enough").Within();
        await lab.Bus.WaitForSentAsync<CancelMigration>(c => c.RunId == start.RunId, "for the migration");
        await cluster.AdvanceAsync(16 * Second);

        var finished = await lab.WaitForFinishedAsync(start.RunId);
        Assert.Equal((RunStatus.Cancelled, (RunStep?)RunStep.Migrate), (finished.Status, finished.FailedStep));
        Assert.Contains("deadline", finished.FailureReason);
        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Cancelled, "cancelled");
    }

    [Fact]
    public async Task A_vm_tells_its_experiment_again_how_a_run_ended_and_the_repeat_changes_nothing()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2));
        var first = await lab.MigratingAsync(experiment);
        await lab.CompleteAsync(first);
        await lab.WaitForFinishedAsync(first.RunId);

        // The watchdog's question, for a finished run and for one the VM never ran.
        Assert.Equal(RunReceipt.Finished, await lab.Vm(vm).Receipt(first.RunId).Within());
        Assert.Equal(RunReceipt.Unknown, await lab.Vm(vm).Receipt(RunId(experiment, 7)).Within());

        var view = await lab.WaitForExperimentAsync(experiment, e => e.Runs.Completed == 1, "one run completed");
        Assert.Equal(1, view.Runs.Completed);
        Assert.Single(lab.Finished(first.RunId));
    }

    [Fact]
    public async Task A_deadline_still_fires_after_the_vm_grain_was_deactivated_and_reloaded_its_state()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple());
        var host = (await lab.WaitForBootAsync(vm)).Message.Host;

        await cluster.Cluster.DeactivateAsync(lab.Vm(vm)).Within();
        var reloaded = (await lab.Vm(vm).Get().Within())!;
        Assert.Equal((VmLifecycle.Booting, host), (reloaded.State, reloaded.Host));
        await cluster.AdvanceAsync(11 * Second);

        var failed = await lab.WaitForFinishedAsync(RunId(experiment, 0));
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Boot), (failed.Status, failed.FailedStep));
        await lab.Bus.WaitForSentAsync<DestroyVm>(d => d.VmId == vm, "for the VM that never booted");
    }
}
