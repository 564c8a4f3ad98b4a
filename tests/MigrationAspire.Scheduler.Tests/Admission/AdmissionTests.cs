using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Admission;
using MigrationAspire.Scheduler.Experiments;
using MigrationAspire.Scheduler.Hosting;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Admission;

/// <summary>
/// One experiment at a time, as the lab runs by default. Steps have deadlines far beyond what a test moves the
/// clock by, so only the queue's own time (queue timeout, its periodic check) can end anything.
/// </summary>
public sealed class OneSlotCluster : SchedulerCluster
{
    protected override void Configure(SchedulerOptions options)
    {
        options.MaxConcurrentExperiments = 1;
        options.BootTimeout = options.PrepareTimeout = options.MigrationGrace = TimeSpan.FromMinutes(30);
    }
}

/// <summary>
/// The lab-wide admission queue: experiments wait in submission order, the admitted one holds the only slot
/// until it is final, and nothing the queue waits for can be lost for good.
/// </summary>
public sealed class AdmissionTests(OneSlotCluster cluster) : IClassFixture<OneSlotCluster>
{
    [Fact]
    public async Task Experiments_are_admitted_one_at_a_time_in_submission_order_and_show_their_queue_position()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var first = await lab.CreateAsync(Specs.Simple());
        var second = await lab.CreateAsync(Specs.Simple());
        var third = await lab.CreateAsync(Specs.Simple());

        var running = await lab.WaitForExperimentAsync(first, e => e.Status == ExperimentStatus.Running, "running");
        Assert.Null(running.QueuePosition);
        var waiting = await lab.ExperimentAsync(second);
        Assert.Equal((ExperimentStatus.Pending, (int?)1, new RunCounts { Pending = 1 }), (waiting.Status, waiting.QueuePosition, waiting.Runs));
        Assert.Equal(cluster.Clock.GetUtcNow(), waiting.QueuedSince);
        Assert.Equal((ExperimentStatus.Pending, (int?)2), ((await lab.ExperimentAsync(third)).Status, (await lab.ExperimentAsync(third)).QueuePosition));

        // The first experiment takes a while; nothing of the others starts meanwhile.
        await lab.BootAsync(VmId(first));
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(lab.Bus.Sent<BootVm>(b => b.VmId == VmId(second) || b.VmId == VmId(third)));
        var firstDone = await lab.RunToEndAsync(first);

        var secondRunning = await lab.WaitForExperimentAsync(second, e => e.Status == ExperimentStatus.Running, "running");
        Assert.Equal((null, null), (secondRunning.QueuePosition, secondRunning.QueuedSince));
        Assert.True(secondRunning.StartedAt >= firstDone.FinishedAt, $"started {secondRunning.StartedAt}, before the first ended at {firstDone.FinishedAt}");
        Assert.Equal(1, (await lab.ExperimentAsync(third)).QueuePosition);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(5));
        var secondDone = await lab.RunToEndAsync(second);

        var thirdDone = await lab.RunToEndAsync(third);
        Assert.True(thirdDone.StartedAt >= secondDone.FinishedAt, $"started {thirdDone.StartedAt}, before the second ended at {secondDone.FinishedAt}");
        Assert.Null(thirdDone.QueuePosition);
        Assert.Empty((await lab.Admission.Get().Within()).Admitted);
    }

    [Fact]
    public async Task An_experiment_cancelled_while_queued_leaves_the_queue_and_the_ones_behind_it_move_up()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var first = await lab.CreateAsync(Specs.Simple());
        var second = await lab.CreateAsync(Specs.Simple(repetitions: 2));
        var third = await lab.CreateAsync(Specs.Simple());
        await lab.WaitForExperimentAsync(first, e => e.Status == ExperimentStatus.Running, "running");

        var cancelled = (await lab.Experiment(second).Cancel("not needed").Within())!;

        Assert.Equal((ExperimentStatus.Cancelled, null, "not needed"), (cancelled.Status, cancelled.QueuePosition, cancelled.Reason));
        Assert.Equal(new RunCounts { Cancelled = 2 }, cancelled.Runs);
        Assert.Equal(RunStep.Pending, (await lab.WaitForFinishedAsync(RunId(second, 1))).FailedStep);
        Assert.Equal(1, (await lab.ExperimentAsync(third)).QueuePosition);

        await lab.RunToEndAsync(first);
        await lab.RunToEndAsync(third);
        Assert.Empty(lab.Bus.Sent<BootVm>(b => b.VmId == VmId(second)));
    }

    [Fact]
    public async Task Cancelling_the_admitted_experiment_gives_its_slot_to_the_next_once_it_has_ended()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var first = await lab.CreateAsync(Specs.Simple());
        var second = await lab.CreateAsync(Specs.Simple());
        await lab.WaitForBootAsync(VmId(first));

        await lab.Experiment(first).Cancel("wrong spec").Within();

        await lab.WaitForExperimentAsync(first, e => e.Status == ExperimentStatus.Cancelled, "cancelled");
        await lab.RunToEndAsync(second);
    }

    [Fact]
    public async Task A_queued_experiment_fails_when_its_queue_timeout_is_up_and_one_admitted_in_time_is_not_affected()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var first = await lab.CreateAsync(Specs.Simple() with { QueueTimeoutSeconds = 1 });
        var impatient = await lab.CreateAsync(Specs.Simple(repetitions: 2) with { QueueTimeoutSeconds = 60 });
        var patient = await lab.CreateAsync(Specs.Simple());
        await lab.WaitForBootAsync(VmId(first));

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(59));
        Assert.Equal((ExperimentStatus.Pending, (int?)1), ((await lab.ExperimentAsync(impatient)).Status, (await lab.ExperimentAsync(impatient)).QueuePosition));
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2));

        var failed = await lab.WaitForExperimentAsync(impatient, e => e.Status == ExperimentStatus.Failed, "failed");
        Assert.Equal(new RunCounts { Failed = 2 }, failed.Runs);
        Assert.Equal("waited 60 s in the lab's admission queue (queueTimeoutSeconds) without being admitted", failed.Reason);
        var run = await lab.WaitForFinishedAsync(RunId(impatient, 0));
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Pending, failed.Reason), (run.Status, run.FailedStep, run.FailureReason));
        Assert.Equal(1, (await lab.ExperimentAsync(patient)).QueuePosition);
        Assert.Equal(ExperimentStatus.Running, (await lab.ExperimentAsync(first)).Status);

        await lab.RunToEndAsync(first);
        await lab.RunToEndAsync(patient);
    }

    [Fact]
    public async Task A_studys_experiments_queue_like_any_other_and_the_study_goes_on_as_each_is_admitted()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var id = $"study-{Guid.NewGuid():N}";
        var study = lab.Grains.GetGrain<IStudyGrain>(id);
        var (bandwidth, vmSize) = (SeedExperimentIds.For(id, SeedExperiment.Bandwidth), SeedExperimentIds.For(id, SeedExperiment.VmSize));
        var before = await lab.CreateAsync(Specs.Simple());

        var created = await study.Create(new StudyPreset
        {
            Name = "two",
            Description = "two one-run experiments",
            Experiments =
            [
                new StudyExperiment { Experiment = SeedExperiment.Bandwidth, Spec = Specs.Simple() },
                new StudyExperiment { Experiment = SeedExperiment.VmSize, Spec = Specs.Simple(memoryMiB: 384) },
            ],
        }).Within();
        var between = await lab.CreateAsync(Specs.Simple());

        Assert.Equal((ExperimentStatus.Pending, (int?)1), (created.Experiments[0].Status, created.Experiments[0].QueuePosition));
        await lab.RunToEndAsync(before);
        await lab.RunToEndAsync(bandwidth);
        // The study's next experiment is submitted after the one posted in between, and waits behind it.
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3));
        await lab.WaitForExperimentAsync(vmSize, e => e.QueuePosition == 1, "queued behind the experiment posted in between");
        await lab.RunToEndAsync(between);
        await lab.RunToEndAsync(vmSize);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3));

        var done = await TestTimeouts.Eventually(async () => await study.Get() is { Status: ExperimentStatus.Completed } view ? view : null, "the study completed");
        Assert.All(done.Experiments, e => Assert.Equal((ExperimentStatus.Completed, null), (e.Status!.Value, e.QueuePosition)));
    }

    [Fact]
    public async Task The_queue_and_its_positions_survive_a_restart_of_every_grain()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var first = await lab.CreateAsync(Specs.Simple());
        var second = await lab.CreateAsync(Specs.Simple());
        var third = await lab.CreateAsync(Specs.Simple());
        await lab.WaitForBootAsync(VmId(first));

        foreach (var grain in new IAddressable[] { lab.Admission, lab.Experiment(first), lab.Experiment(second), lab.Experiment(third) })
            await cluster.Cluster.DeactivateAsync(grain).Within();

        Assert.Equal((int?)1, (await lab.ExperimentAsync(second)).QueuePosition);
        Assert.Equal((int?)2, (await lab.ExperimentAsync(third)).QueuePosition);
        await lab.RunToEndAsync(first);
        await lab.RunToEndAsync(second);
        await lab.RunToEndAsync(third);
    }

    [Fact]
    public async Task A_lost_word_of_admission_is_made_up_by_the_watchdog()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var first = await lab.CreateAsync(Specs.Simple());
        var second = await lab.CreateAsync(Specs.Simple());
        cluster.Lost.Lose(nameof(IExperimentRuns.Admitted), second, times: 1);
        await lab.RunToEndAsync(first);

        await TestTimeouts.Eventually(async () => (await lab.Admission.Get()).Admitted.ContainsKey(second), "the second admitted");
        var told = await lab.ExperimentAsync(second);
        Assert.Equal((ExperimentStatus.Pending, null), (told.Status, told.QueuePosition));
        await lab.WatchdogTickAsync(second);

        await lab.RunToEndAsync(second);
    }

    [Fact]
    public async Task A_slot_whose_release_was_lost_is_freed_by_the_queue_own_periodic_check()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (first, second) = await FirstEndedWithItsReleaseLostAsync(lab);
        Assert.Equal(1, (await lab.ExperimentAsync(second)).QueuePosition);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(61));

        await lab.RunToEndAsync(second);
    }

    [Fact]
    public async Task At_start_up_a_slot_held_by_an_experiment_that_ended_is_freed()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var (first, second) = await FirstEndedWithItsReleaseLostAsync(lab);
        var resume = new ResumeOnStartup(lab.Grains, new StartedLifetime(), Options.Create(cluster.Options), NullLogger<ResumeOnStartup>.Instance);

        await resume.StartAsync(CancellationToken.None).Within();
        await resume.ExecuteTask!.Within();

        Assert.False((await lab.Admission.Get().Within()).Admitted.ContainsKey(first));
        await lab.RunToEndAsync(second);
    }

    /// <summary>Two experiments queued; the first runs to its end and its release of the slot is lost.</summary>
    private async Task<(string First, string Second)> FirstEndedWithItsReleaseLostAsync(Scenario lab)
    {
        await lab.TwoHostsAsync();
        var first = await lab.CreateAsync(Specs.Simple());
        var second = await lab.CreateAsync(Specs.Simple());
        cluster.Lost.Lose(nameof(IAdmissionGrain.Leave), IAdmissionGrain.Key, times: 1);
        await lab.RunToEndAsync(first);
        return (first, second);
    }
}

public sealed class TwoSlotCluster : SchedulerCluster
{
    protected override void Configure(SchedulerOptions options) => options.MaxConcurrentExperiments = 2;
}

/// <summary>With Scheduler:MaxConcurrentExperiments = 2, two experiments run side by side and the third waits.</summary>
public sealed class TwoSlotAdmissionTests(TwoSlotCluster cluster) : IClassFixture<TwoSlotCluster>
{
    [Fact]
    public async Task Two_experiments_are_admitted_at_once_and_the_third_takes_the_first_slot_that_comes_free()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var first = await lab.CreateAsync(Specs.Simple());
        var second = await lab.CreateAsync(Specs.Simple());
        var third = await lab.CreateAsync(Specs.Simple());

        await lab.WaitForBootAsync(VmId(first));
        await lab.WaitForBootAsync(VmId(second));
        var waiting = await lab.ExperimentAsync(third);
        Assert.Equal((ExperimentStatus.Pending, (int?)1), (waiting.Status, waiting.QueuePosition));
        Assert.Empty(lab.Bus.Sent<BootVm>(b => b.VmId == VmId(third)));

        await lab.Experiment(second).Cancel("make room").Within();

        await lab.WaitForBootAsync(VmId(third));
        Assert.Equal(ExperimentStatus.Running, (await lab.ExperimentAsync(first)).Status);
    }
}
