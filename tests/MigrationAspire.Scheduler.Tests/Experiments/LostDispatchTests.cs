using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Experiments;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Experiments;

/// <summary>A run stored as running whose VM never heard of it (a lost one-way Run) does not stay running.</summary>
public sealed class LostDispatchTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    [Fact]
    public async Task A_run_whose_dispatch_was_lost_is_sent_again_at_the_watchdogs_tick_and_boots()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var experiment = lab.NextExperimentId;
        cluster.Lost.Lose(nameof(IVmGrain.Run), VmId(experiment), times: 1);

        Assert.Equal(experiment, await lab.CreateAsync(Specs.Simple()));
        Assert.Equal(RunStatus.Running, (await lab.Experiment(experiment).GetRun(0).Within())!.Status);
        Assert.Null(await lab.Vm(VmId(experiment)).Get().Within());

        await lab.WatchdogTickAsync(experiment);

        await lab.WaitForBootAsync(VmId(experiment));
        await lab.RunToCompletionAsync(VmId(experiment), RunId(experiment, 0), boot: true);
        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Completed, "completed");
    }

    [Fact]
    public async Task A_run_its_vm_never_takes_fails_naming_the_lost_dispatch_and_the_experiment_goes_on()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var experiment = lab.NextExperimentId;
        cluster.Lost.Lose(nameof(IVmGrain.Run), VmId(experiment, 0));

        await lab.CreateAsync(Specs.Simple(repetitions: 2) with { FreshVmPerRun = true });
        // At start-up and at a first tick the VM does not know the run and is sent it again; at the second, it fails.
        await lab.Grains.GetGrain<IExperimentRuns>(experiment).Resume().Within();
        await lab.WatchdogTickAsync(experiment);
        Assert.Equal(RunStatus.Running, (await lab.Experiment(experiment).GetRun(0).Within())!.Status);
        await lab.WatchdogTickAsync(experiment);

        var failed = await lab.WaitForFinishedAsync(RunId(experiment, 0));
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Schedule), (failed.Status, failed.FailedStep));
        Assert.Contains($"VM {VmId(experiment, 0)} never took run", failed.FailureReason);
        await lab.RunToCompletionAsync(VmId(experiment, 1), RunId(experiment, 1), boot: true);
        var done = await lab.WaitForExperimentAsync(experiment, e => e.Status.IsFinal(), "final");
        Assert.Equal(new RunCounts { Completed = 1, Failed = 1 }, done.Runs);
    }

    [Fact]
    public async Task A_cancelled_experiment_whose_run_its_vm_never_took_ends_cancelled_at_the_next_tick()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var experiment = lab.NextExperimentId;
        cluster.Lost.Lose(nameof(IVmGrain.Run), VmId(experiment));
        await lab.CreateAsync(Specs.Simple());

        await lab.Experiment(experiment).Cancel("enough").Within();
        Assert.Equal(RunStatus.Running, (await lab.Experiment(experiment).GetRun(0).Within())!.Status);
        await lab.WatchdogTickAsync(experiment);

        var cancelled = await lab.WaitForFinishedAsync(RunId(experiment, 0));
        Assert.Equal((RunStatus.Cancelled, "enough"), (cancelled.Status, cancelled.FailureReason));
        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Cancelled, "cancelled");
    }
}
