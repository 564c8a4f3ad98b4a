using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Vms;

/// <summary>The VM state machine, driven by the executor events it accepts, and the ones it must ignore.</summary>
public sealed class VmStateMachineTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    [Fact]
    public async Task A_run_boots_the_vm_prepares_the_other_host_migrates_and_the_next_repetition_migrates_it_back()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (a, b) = await lab.TwoHostsAsync();
        var experiment = await lab.CreateAsync(Specs.Simple(repetitions: 2));
        var vm = VmId(experiment);
        var (run0, run1) = (RunId(experiment, 0), RunId(experiment, 1));

        // Absent → Booting: BootVm goes to the queue of the host placement chose.
        var boot = await lab.WaitForBootAsync(vm);
        var source = boot.Message.Host;
        Assert.Contains(source, new[] { a, b });
        Assert.Equal(ExecutorQueue.Name(source), boot.Queue);
        Assert.Equal(256, boot.Message.Vm.MemoryMiB);
        Assert.Equal(VmLifecycle.Booting, (await lab.Vm(vm).Get())!.State);

        // Booting → Idle → Preparing: the destination is the other live host.
        await lab.Vm(vm).OnBooted(Booted(vm, source)).Within();
        var destination = source == a ? b : a;
        var prepare = await lab.WaitForPrepareAsync(run0);
        Assert.Equal(ExecutorQueue.Name(destination), prepare.Queue);
        Assert.Equal((vm, destination, source), (prepare.Message.VmId, prepare.Message.Host, prepare.Message.SourceHost));
        Assert.Equal(VmLifecycle.Preparing, (await lab.Vm(vm).Get())!.State);

        // Preparing → Migrating: StartMigration goes to the source, with the destination's URI.
        var ready = Ready(prepare.Message);
        await lab.Vm(vm).OnIncomingReady(ready).Within();
        var start = await lab.Bus.WaitForSentAsync<StartMigration>(s => s.RunId == run0, "for the first run");
        Assert.Equal(ExecutorQueue.Name(source), start.Queue);
        Assert.Equal((source, destination, ready.MigrationUri), (start.Message.Host, start.Message.DestinationHost, start.Message.MigrationUri));
        var migrating = (await lab.Vm(vm).Get())!;
        Assert.Equal((VmLifecycle.Migrating, source, destination), (migrating.State, migrating.Host, migrating.DestinationHost));

        // Migrating → Idle on the destination; the run's result is published and counted.
        var completed = Completed(start.Message);
        await lab.Vm(vm).OnMigrationCompleted(completed).Within();
        var finished = await lab.WaitForFinishedAsync(run0);
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal(completed.Result, finished.Result);
        Assert.Equal((source, destination), (finished.SourceHost, finished.DestinationHost));
        Assert.Null(finished.FailedStep);

        // The second repetition: the same VM, now on the destination, goes back to where it came from.
        var back = await lab.WaitForPrepareAsync(run1);
        Assert.Equal(ExecutorQueue.Name(source), back.Queue);
        Assert.Equal(destination, back.Message.SourceHost);
        var progress = await lab.Experiment(experiment).Get().Within();
        Assert.Equal((1, 1, 0), (progress!.Runs.Completed, progress.Runs.Running, progress.Runs.Pending));
        var startBack = (await lab.ReadyAsync(back.Message)).Message;
        Assert.Equal((destination, source), (startBack.Host, startBack.DestinationHost));
        await lab.CompleteAsync(startBack);

        var done = await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Completed, "completed");
        Assert.Equal(new RunCounts { Completed = 2 }, done.Runs);
        Assert.Single(lab.Bus.Sent<BootVm>(m => m.VmId == vm));
        var history = (await lab.Vm(vm).Get())!.History.Where(h => h.Event == "migrated").Select(h => (h.From, h.To));
        Assert.Equal([(source, destination), (destination, source)], history);
    }
}
