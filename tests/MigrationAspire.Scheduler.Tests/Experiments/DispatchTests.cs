using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Experiments;

/// <summary>Which run goes next, on which VM, how many at once, and how the experiment ends.</summary>
public sealed class DispatchTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    [Fact]
    public async Task A_vm_sweep_runs_in_run_order_with_the_repetition_outermost_and_a_vm_no_next_run_needs_is_released()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var experiment = await lab.CreateAsync(Specs.Simple(repetitions: 2) with
        {
            Sweep = [new SweepAxis { Path = "vm.memoryMiB", Values = ["256", "384"] }],
        });

        // Run order is 256, 384, 256, 384: each run follows the previous one, never its shape's next run, so each
        // boots a guest of its own, and the one before is destroyed rather than left idle beside the measurement.
        for (var index = 0; index < 4; index++)
        {
            var boot = await lab.WaitForBootAsync(VmId(experiment, index));
            Assert.Equal(index % 2 == 0 ? 256 : 384, boot.Message.Vm.MemoryMiB);
            if (index > 0)
                await lab.Bus.WaitForSentAsync<DestroyVm>(d => d.VmId == VmId(experiment, index - 1), "for the guest the next run cannot use");
            await lab.RunToCompletionAsync(VmId(experiment, index), RunId(experiment, index), boot: true);
        }

        var done = await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Completed, "completed");
        Assert.Equal(new RunCounts { Completed = 4 }, done.Runs);
        AssertStartedInRunOrder(lab, experiment, 4);
    }

    [Fact]
    public async Task A_workload_sweep_runs_in_run_order_and_consecutive_runs_of_one_shape_share_a_guest()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var experiment = await lab.CreateAsync(Specs.Simple(repetitions: 2) with
        {
            Sweep =
            [
                new SweepAxis { Path = "workload.dirtyRatePagesPerSecond", Values = ["1000", "2000"] },
                new SweepAxis { Path = "migration.mode", Values = ["\"precopy\"", "\"stopcopy\""] },
            ],
        });

        // Runs 0-1 (1000 pages/s, both modes), 2-3 (2000), 4-5 (1000), 6-7 (2000): a guest per pair, in that order.
        for (var index = 0; index < 8; index++)
            await lab.RunToCompletionAsync(VmId(experiment, index / 2), RunId(experiment, index), boot: index % 2 == 0);

        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Completed, "completed");
        AssertStartedInRunOrder(lab, experiment, 8);
        var runs = await lab.Experiment(experiment).GetRuns().Within();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => VmId(experiment, i / 2)), runs.Select(r => r.VmId));
        Assert.Equal([1000, 1000, 2000, 2000, 1000, 1000, 2000, 2000], runs.Select(r => r.Plan.Workload.DirtyRatePagesPerSecond));
    }

    private static void AssertStartedInRunOrder(Scenario lab, string experiment, int count) =>
        Assert.Equal(Enumerable.Range(0, count).Select(i => RunId(experiment, i)),
            lab.Bus.Sent<PrepareIncoming>(p => p.VmId.StartsWith(experiment + "-", StringComparison.Ordinal)).Select(p => p.Message.RunId));

    [Fact]
    public async Task No_more_than_max_concurrent_runs_are_in_flight_and_a_freed_vm_takes_the_next_run()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, _) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 3, maxConcurrentRuns: 2));
        var (vm0, vm1) = (VmId(experiment, 0), VmId(experiment, 1));
        await lab.WaitForBootAsync(vm0);
        await lab.WaitForBootAsync(vm1);

        var view = (await lab.Experiment(experiment).Get().Within())!;
        Assert.Equal(new RunCounts { Running = 2, Pending = 1 }, view.Runs);
        await lab.RunToCompletionAsync(vm0, RunId(experiment, 0), boot: true);

        // vm0 is idle again and has the right shape: the third run migrates it instead of booting a third guest.
        var third = await lab.WaitForPrepareAsync(RunId(experiment, 2));
        Assert.Equal(vm0, third.Message.VmId);
        Assert.Empty(lab.Bus.Sent<BootVm>(b => b.VmId == VmId(experiment, 2)));
        Assert.Equal(new RunCounts { Running = 2, Completed = 1 }, (await lab.Experiment(experiment).Get().Within())!.Runs);
    }

    [Fact]
    public async Task With_a_fresh_vm_per_run_every_run_boots_its_own_guest_and_the_used_one_is_destroyed()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, _) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2) with { FreshVmPerRun = true });
        var (vm0, vm1) = (VmId(experiment, 0), VmId(experiment, 1));

        var first = await lab.RunToCompletionAsync(vm0, RunId(experiment, 0), boot: true);
        var destroy = await lab.Bus.WaitForSentAsync<DestroyVm>(d => d.VmId == vm0, "for the used guest");
        Assert.Equal(ExecutorQueue.Name(first.DestinationHost), destroy.Queue);
        await lab.RunToCompletionAsync(vm1, RunId(experiment, 1), boot: true);

        await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Completed, "completed");
        await lab.Bus.WaitForSentAsync<DestroyVm>(d => d.VmId == vm1, "for the last guest");
    }

    [Fact]
    public async Task An_experiment_whose_runs_partly_failed_ends_completed_with_failures()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (experiment, vm) = await lab.ExperimentOnTwoHostsAsync(Specs.Simple(repetitions: 2));
        await lab.RunToCompletionAsync(vm, RunId(experiment, 0), boot: true);
        var prepare = (await lab.WaitForPrepareAsync(RunId(experiment, 1))).Message;

        await lab.Vm(vm).OnIncomingFailed(new IncomingFailed { RunId = prepare.RunId, VmId = vm, Host = prepare.Host, Reason = "disk full" }).Within();

        var done = await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.CompletedWithFailures, "completed with failures");
        Assert.Equal(new RunCounts { Completed = 1, Failed = 1 }, done.Runs);
        Assert.NotNull(done.FinishedAt);
        var failed = (await lab.Experiment(experiment).GetRun(1).Within())!;
        Assert.Equal(((RunStep?)RunStep.Prepare, RunStatus.Failed), (failed.FailedStep, failed.Status));
        Assert.Contains("disk full", failed.FailureReason);
    }
}
