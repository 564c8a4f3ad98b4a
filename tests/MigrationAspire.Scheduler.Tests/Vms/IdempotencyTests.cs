using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Vms;

/// <summary>MassTransit delivers at least once: a second delivery of any event, or a late one, changes nothing.</summary>
public sealed class IdempotencyTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    [Fact]
    public async Task Every_event_of_two_runs_delivered_twice_sends_each_command_once_and_finishes_each_run_once()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2));
        var (run0, run1) = (RunId(experiment, 0), RunId(experiment, 1));

        var boot = (await lab.WaitForBootAsync(vm)).Message;
        var plan0 = (await lab.Experiment(experiment).GetRun(0).Within())!.Plan;
        await lab.Vm(vm).Run(experiment, plan0).Within();
        await lab.Vm(vm).OnBooted(Booted(vm, boot.Host)).Within();
        await lab.Vm(vm).OnBooted(Booted(vm, boot.Host)).Within();
        var prepare = (await lab.WaitForPrepareAsync(run0)).Message;
        await lab.Vm(vm).OnIncomingReady(Ready(prepare)).Within();
        await lab.Vm(vm).OnIncomingReady(Ready(prepare)).Within();
        var start = (await lab.Bus.WaitForSentAsync<StartMigration>(s => s.RunId == run0, "for the first run")).Message;
        await lab.Vm(vm).OnMigrationCompleted(Completed(start)).Within();
        await lab.Vm(vm).OnMigrationCompleted(Completed(start)).Within();
        await lab.Vm(vm).Run(experiment, plan0).Within();

        // Late and out of order: the first run's events arrive again while the second run prepares.
        var back = (await lab.WaitForPrepareAsync(run1)).Message;
        await lab.Vm(vm).OnBooted(Booted(vm, boot.Host)).Within();
        await lab.Vm(vm).OnIncomingReady(Ready(prepare)).Within();
        await lab.Vm(vm).OnMigrationCompleted(Completed(start)).Within();
        var preparing = (await lab.Vm(vm).Get().Within())!;
        Assert.Equal((VmLifecycle.Preparing, run1, start.DestinationHost), (preparing.State, preparing.RunId, preparing.Host));

        var startBack = (await lab.ReadyAsync(back)).Message;
        await lab.Vm(vm).OnIncomingReady(Ready(back)).Within();
        await lab.CompleteAsync(startBack);
        await lab.CompleteAsync(startBack);
        var done = await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Completed, "completed");
        // The finished experiment releases its VM: the last command it causes.
        await lab.Bus.WaitForSentAsync<DestroyVm>(d => d.VmId == vm, "for the released VM");

        Assert.Equal(new RunCounts { Completed = 2 }, done.Runs);
        Assert.Single(lab.Finished(run0));
        Assert.Single(lab.Finished(run1));
        var (source, destination) = (ExecutorQueue.Name(start.Host), ExecutorQueue.Name(start.DestinationHost));
        Assert.Equal(
            // Each run's source probes while its destination is prepared, once the pair is the run's.
            [$"BootVm→{source}", $"ProbeDirtyRate→{source}", $"PrepareIncoming→{destination}", $"StartMigration→{source}",
             $"ProbeDirtyRate→{destination}", $"PrepareIncoming→{source}", $"StartMigration→{destination}", $"DestroyVm→{source}"],
            lab.Bus.CommandsFor(vm));
        Assert.Equal(2, (await lab.Vm(vm).Get().Within())!.History.Count(h => h.Event == VmEvent.Migrated));
    }

    [Fact]
    public async Task A_boot_failure_delivered_twice_fails_its_run_once()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple());
        var host = (await lab.WaitForBootAsync(vm)).Message.Host;
        var failure = new VmBootFailed { VmId = vm, Host = host, Reason = "out of memory" };

        await lab.Vm(vm).OnBootFailed(failure).Within();
        await lab.Vm(vm).OnBootFailed(failure).Within();
        await lab.Vm(vm).OnBooted(Booted(vm, host)).Within();

        var done = await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Failed, "failed");
        await lab.Experiment(experiment).Get().Within();
        Assert.Equal(new RunCounts { Failed = 1 }, done.Runs);
        Assert.Single(lab.Finished(RunId(experiment, 0)));
        Assert.Equal([$"BootVm→{ExecutorQueue.Name(host)}"], lab.Bus.CommandsFor(vm));
    }

    [Fact]
    public async Task A_migration_failure_delivered_twice_then_a_late_completion_leave_the_vm_on_its_source()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2));
        var start = await lab.MigratingAsync(experiment);

        await lab.Vm(vm).OnMigrationFailed(Failed(start, GuestLocation.Source, "connection reset")).Within();
        await lab.Vm(vm).OnMigrationFailed(Failed(start, GuestLocation.Source, "connection reset")).Within();
        await lab.Vm(vm).OnMigrationCompleted(Completed(start)).Within();

        var next = await lab.WaitForPrepareAsync(RunId(experiment, 1));
        Assert.Equal(start.Host, next.Message.SourceHost);
        var counts = (await lab.Experiment(experiment).Get().Within())!.Runs;
        Assert.Equal((1, 0, 1), (counts.Failed, counts.Completed, counts.Running));
        var failed = Assert.Single(lab.Finished(start.RunId));
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Migrate), (failed.Status, failed.FailedStep));
    }

    [Fact]
    public async Task An_incoming_failure_delivered_twice_and_a_late_ready_change_nothing_more()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple());
        await lab.BootAsync(vm);
        var prepare = (await lab.WaitForPrepareAsync(RunId(experiment, 0))).Message;
        var failure = new IncomingFailed { RunId = prepare.RunId, VmId = vm, Host = prepare.Host, Reason = "no port" };

        await lab.Vm(vm).OnIncomingFailed(failure).Within();
        await lab.Vm(vm).OnIncomingFailed(failure).Within();
        await lab.Vm(vm).OnIncomingReady(Ready(prepare)).Within();

        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Failed, "failed");
        await lab.Experiment(experiment).Get().Within();
        Assert.Single(lab.Finished(prepare.RunId));
        Assert.DoesNotContain(lab.Bus.CommandsFor(vm), c => c.StartsWith("StartMigration"));
        Assert.Equal(1, lab.Bus.CommandsFor(vm).Count(c => c.StartsWith("PrepareIncoming")));
    }
}
