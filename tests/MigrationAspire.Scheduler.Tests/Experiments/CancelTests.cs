using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Experiments;

/// <summary>Cancelling an experiment: pending runs never start, running ones are stopped on their executors.</summary>
public sealed class CancelTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    [Fact]
    public async Task A_cancelled_migration_is_stopped_on_its_source_pending_runs_never_start_and_the_experiment_ends_cancelled()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 3));
        var start = await lab.MigratingAsync(experiment);

        var cancelling = (await lab.Experiment(experiment).Cancel("enough").Within())!;

        Assert.Equal(ExperimentStatus.Running, cancelling.Status);
        Assert.Equal(new RunCounts { Running = 1, Cancelled = 2 }, cancelling.Runs);
        var cancel = await lab.Bus.WaitForSentAsync<CancelMigration>(c => c.RunId == start.RunId, "for the running migration");
        Assert.Equal(ExecutorQueue.Name(start.Host), cancel.Queue);
        Assert.Equal("enough", cancel.Message.Reason);
        foreach (var pending in new[] { RunId(experiment, 1), RunId(experiment, 2) })
        {
            var finished = Assert.Single(lab.Finished(pending));
            Assert.Equal((RunStatus.Cancelled, "enough"), (finished.Status, finished.FailureReason));
        }

        // The executor cancels the migration; the guest stays on the source.
        await lab.Vm(vm).OnMigrationFailed(Failed(start, GuestLocation.Source, "migration cancelled")).Within();

        var done = await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Cancelled, "cancelled");
        Assert.Equal(new RunCounts { Cancelled = 3 }, done.Runs);
        Assert.Equal("enough", done.Reason);
        Assert.Equal(RunStatus.Cancelled, (await lab.WaitForFinishedAsync(start.RunId)).Status);
        await lab.Bus.WaitForSentAsync<DestroyVm>(d => d.VmId == vm, "for the released VM");
        Assert.Single(lab.Bus.Sent<BootVm>(b => b.VmId.StartsWith(experiment + "-")));
        Assert.Equal(
            [$"BootVm→{ExecutorQueue.Name(start.Host)}", $"ProbeDirtyRate→{ExecutorQueue.Name(start.Host)}", $"PrepareIncoming→{ExecutorQueue.Name(start.DestinationHost)}",
             $"StartMigration→{ExecutorQueue.Name(start.Host)}", $"CancelMigration→{ExecutorQueue.Name(start.Host)}",
             $"DestroyVm→{ExecutorQueue.Name(start.Host)}"],
            lab.Bus.CommandsFor(vm));
    }

    [Fact]
    public async Task Cancelling_while_the_vm_boots_destroys_it_and_the_experiment_ends_cancelled_without_booting_again()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2));
        var host = (await lab.WaitForBootAsync(vm)).Message.Host;

        await lab.Experiment(experiment).Cancel("wrong spec").Within();

        var destroy = await lab.Bus.WaitForSentAsync<DestroyVm>(d => d.VmId == vm, "for the booting VM");
        Assert.Equal(ExecutorQueue.Name(host), destroy.Queue);
        var done = await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Cancelled, "cancelled");
        Assert.Equal(new RunCounts { Cancelled = 2 }, done.Runs);
        // A late VmBooted for the destroyed guest starts nothing.
        await lab.Vm(vm).OnBooted(Booted(vm, host)).Within();
        Assert.Empty(lab.Bus.Sent<PrepareIncoming>(p => p.VmId == vm));
        Assert.Single(lab.Bus.Sent<BootVm>(b => b.VmId == vm));
    }

    [Fact]
    public async Task Cancelling_while_the_destination_prepares_aborts_it_and_cancelling_again_sends_nothing_more()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple());
        await lab.BootAsync(vm);
        var prepare = (await lab.WaitForPrepareAsync(RunId(experiment, 0))).Message;

        await lab.Experiment(experiment).Cancel("stop").Within();
        var done = await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Cancelled, "cancelled");
        var again = (await lab.Experiment(experiment).Cancel("stop again").Within())!;

        var abort = await lab.Bus.WaitForSentAsync<AbortIncoming>(a => a.RunId == prepare.RunId, "for the prepared destination");
        Assert.Equal(ExecutorQueue.Name(prepare.Host), abort.Queue);
        Assert.Equal((ExperimentStatus.Cancelled, "stop", done.Runs), (again.Status, again.Reason, again.Runs));
        Assert.Single(lab.Finished(prepare.RunId));
        Assert.Single(lab.Bus.Sent<AbortIncoming>(a => a.VmId == vm));
    }

    [Fact]
    public async Task Cancelling_an_experiment_that_does_not_exist_returns_nothing()
    {
        await using var lab = await cluster.StartScenarioAsync();

        Assert.Null(await lab.Experiment($"missing-{Guid.NewGuid():N}").Cancel("why").Within());
    }
}
