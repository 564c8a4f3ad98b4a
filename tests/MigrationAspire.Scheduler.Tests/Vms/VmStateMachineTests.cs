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
        Assert.Equal(VmLifecycle.Booting, (await lab.Vm(vm).Get().Within())!.State);

        // Booting → Idle → Preparing: the destination is the other live host.
        await lab.Vm(vm).OnBooted(Booted(vm, source)).Within();
        var destination = source == a ? b : a;
        var prepare = await lab.WaitForPrepareAsync(run0);
        Assert.Equal(ExecutorQueue.Name(destination), prepare.Queue);
        Assert.Equal((vm, destination, source), (prepare.Message.VmId, prepare.Message.Host, prepare.Message.SourceHost));
        Assert.Equal(VmLifecycle.Preparing, (await lab.Vm(vm).Get().Within())!.State);
        var shown = await TestTimeouts.Eventually(async () => await lab.Experiment(experiment).GetRun(0) is { Step: RunStep.Prepare } r ? r : null,
            "the experiment to show the run preparing");
        Assert.Equal((vm, source, destination), (shown.VmId, shown.SourceHost, shown.DestinationHost));

        // Preparing → Migrating: StartMigration goes to the source, with the destination's URI.
        var ready = Ready(prepare.Message);
        await lab.Vm(vm).OnIncomingReady(ready).Within();
        var start = await lab.Bus.WaitForSentAsync<StartMigration>(s => s.RunId == run0, "for the first run");
        Assert.Equal(ExecutorQueue.Name(source), start.Queue);
        Assert.Equal((source, destination, ready.MigrationUri), (start.Message.Host, start.Message.DestinationHost, start.Message.MigrationUri));
        var migrating = (await lab.Vm(vm).Get().Within())!;
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
        var history = (await lab.Vm(vm).Get().Within())!.History.Where(h => h.Event == VmEvent.Migrated).Select(h => (h.From, h.To));
        Assert.Equal([(source, destination), (destination, source)], history);
    }

    [Fact]
    public async Task VmBooted_from_a_host_other_than_the_one_booting_it_is_ignored()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (a, b) = await lab.TwoHostsAsync();
        var experiment = await lab.CreateAsync(Specs.Simple());
        var vm = VmId(experiment);
        var host = (await lab.WaitForBootAsync(vm)).Message.Host;

        await lab.Vm(vm).OnBooted(Booted(vm, host == a ? b : a)).Within();

        var view = (await lab.Vm(vm).Get().Within())!;
        Assert.Equal((VmLifecycle.Booting, host), (view.State, view.Host));
        Assert.Empty(lab.Bus.Sent<PrepareIncoming>(p => p.VmId == vm));
        await lab.Vm(vm).OnBooted(Booted(vm, host)).Within();
        await lab.WaitForPrepareAsync(RunId(experiment, 0));
    }

    [Fact]
    public async Task IncomingReady_for_another_run_or_from_another_host_is_ignored()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2));
        var source = await lab.BootAsync(vm);
        var prepare = (await lab.WaitForPrepareAsync(RunId(experiment, 0))).Message;

        await lab.Vm(vm).OnIncomingReady(Ready(prepare) with { RunId = RunId(experiment, 1) }).Within();
        await lab.Vm(vm).OnIncomingReady(Ready(prepare) with { Host = source }).Within();

        var view = (await lab.Vm(vm).Get().Within())!;
        Assert.Equal((VmLifecycle.Preparing, source, prepare.Host), (view.State, view.Host, view.DestinationHost));
        Assert.Empty(lab.Bus.Sent<StartMigration>(s => s.VmId == vm));
        await lab.ReadyAsync(prepare);
    }

    [Fact]
    public async Task MigrationCompleted_while_preparing_or_for_another_run_is_ignored()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2));
        var run0 = RunId(experiment, 0);
        var source = await lab.BootAsync(vm);
        var prepare = (await lab.WaitForPrepareAsync(run0)).Message;
        var early = new StartMigration
        {
            RunId = run0, VmId = vm, Host = source, DestinationHost = prepare.Host, MigrationUri = "tcp:127.0.0.1:1",
            Migration = prepare.Migration, Workload = prepare.Workload,
        };

        await lab.Vm(vm).OnMigrationCompleted(Completed(early)).Within();
        Assert.Equal((VmLifecycle.Preparing, source), ((await lab.Vm(vm).Get().Within())!.State, (await lab.Vm(vm).Get().Within())!.Host));

        var start = (await lab.ReadyAsync(prepare)).Message;
        await lab.Vm(vm).OnMigrationCompleted(Completed(start) with { RunId = RunId(experiment, 1) }).Within();
        Assert.Equal((VmLifecycle.Migrating, source), ((await lab.Vm(vm).Get().Within())!.State, (await lab.Vm(vm).Get().Within())!.Host));

        var counts = (await lab.Experiment(experiment).Get().Within())!.Runs;
        Assert.Equal((0, 1), (counts.Completed, counts.Running));
        Assert.Empty(lab.Finished(run0));
        await lab.CompleteAsync(start);
        Assert.Equal(RunStatus.Completed, (await lab.WaitForFinishedAsync(run0)).Status);
    }

    [Fact]
    public async Task Events_for_a_vm_the_scheduler_never_created_change_nothing_and_send_nothing()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (a, b) = await lab.TwoHostsAsync();
        var vm = $"{a}-stranger";
        var run = RunPlan.MakeRunId($"{a}-nothing", 0);
        var start = new StartMigration
        {
            RunId = run, VmId = vm, Host = a, DestinationHost = b, MigrationUri = "tcp:127.0.0.1:1",
            Migration = new MigrationSpec(), Workload = new WorkloadSpec(),
        };
        var grain = lab.Vm(vm);

        await grain.OnBooted(Booted(vm, a)).Within();
        await grain.OnBootFailed(new VmBootFailed { VmId = vm, Host = a, Reason = "no" }).Within();
        await grain.OnIncomingReady(new IncomingReady { RunId = run, VmId = vm, Host = b, MigrationUri = "tcp:127.0.0.1:1" }).Within();
        await grain.OnIncomingFailed(new IncomingFailed { RunId = run, VmId = vm, Host = b, Reason = "no" }).Within();
        await grain.OnMigrationCompleted(Completed(start)).Within();
        await grain.OnMigrationFailed(Failed(start, GuestLocation.Lost)).Within();
        await grain.OnHostDown(a, "gone").Within();
        await grain.Reconcile().Within();

        Assert.Null(await grain.Get().Within());
        Assert.Empty(lab.Bus.CommandsFor(vm));
        Assert.Empty(lab.Finished(run));
    }

    [Fact]
    public async Task A_boot_failure_fails_the_run_at_boot_naming_the_host_and_the_next_run_boots_afresh()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2));
        var host = (await lab.WaitForBootAsync(vm)).Message.Host;

        await lab.Vm(vm).OnBootFailed(new VmBootFailed { VmId = vm, Host = host, Reason = "qemu exited with 1" }).Within();

        var failed = await lab.WaitForFinishedAsync(RunId(experiment, 0));
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Boot), (failed.Status, failed.FailedStep));
        Assert.Contains(host, failed.FailureReason);
        Assert.Contains("qemu exited with 1", failed.FailureReason);
        await TestTimeouts.Eventually(() => Task.FromResult(lab.Bus.Sent<BootVm>(m => m.VmId == vm).Count == 2), "a second boot for the next run");
    }

    [Fact]
    public async Task A_failed_prepare_fails_the_run_and_leaves_the_guest_idle_on_its_source()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2));
        var source = await lab.BootAsync(vm);
        var prepare = (await lab.WaitForPrepareAsync(RunId(experiment, 0))).Message;

        await lab.Vm(vm).OnIncomingFailed(new IncomingFailed { RunId = prepare.RunId, VmId = vm, Host = prepare.Host, Reason = "port in use" }).Within();

        var failed = await lab.WaitForFinishedAsync(prepare.RunId);
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Prepare), (failed.Status, failed.FailedStep));
        Assert.Contains("port in use", failed.FailureReason);
        var next = await lab.WaitForPrepareAsync(RunId(experiment, 1));
        Assert.Equal(source, next.Message.SourceHost);
        Assert.Single(lab.Bus.Sent<BootVm>(m => m.VmId == vm));
    }

    [Fact]
    public async Task A_migration_that_failed_after_switch_over_leaves_the_vm_on_the_destination()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2));
        var start = await lab.MigratingAsync(experiment);

        await lab.Vm(vm).OnMigrationFailed(Failed(start, GuestLocation.Destination, "guest check failed")).Within();

        var failed = await lab.WaitForFinishedAsync(start.RunId);
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Migrate), (failed.Status, failed.FailedStep));
        Assert.Contains("guest check failed", failed.FailureReason);
        var next = await lab.WaitForPrepareAsync(RunId(experiment, 1));
        Assert.Equal((start.DestinationHost, start.Host), (next.Message.SourceHost, next.Message.Host));
    }
}
