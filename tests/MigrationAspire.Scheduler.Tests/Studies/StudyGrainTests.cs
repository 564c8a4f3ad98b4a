using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Studies;

/// <summary>A study runs its experiments one after another under one id and status.</summary>
public sealed class StudyGrainTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    private static readonly StudyPreset TwoExperiments = new()
    {
        Name = "two",
        Description = "two one-run experiments",
        Experiments =
        [
            new StudyExperiment { Experiment = SeedExperiment.Bandwidth, Spec = Specs.Simple() },
            new StudyExperiment { Experiment = SeedExperiment.VmSize, Spec = Specs.Simple(memoryMiB: 384) },
        ],
    };

    private static Task<StudyView> WaitForStudyAsync(IStudyGrain study, Func<StudyView, bool> condition, string what) =>
        TestTimeouts.Eventually(async () => await study.Get() is { } view && condition(view) ? view : null, what);

    [Fact]
    public async Task The_second_experiment_starts_only_when_the_first_has_ended_and_the_study_completes_with_the_last()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var id = $"study-{Guid.NewGuid():N}";
        var study = lab.Grains.GetGrain<IStudyGrain>(id);
        var (first, second) = (SeedExperimentIds.For(id, SeedExperiment.Bandwidth), SeedExperimentIds.For(id, SeedExperiment.VmSize));

        var created = await study.Create(TwoExperiments).Within();
        Assert.Equal(ExperimentStatus.Running, created.Status);
        Assert.Equal([first, second], created.Experiments.Select(e => e.ExperimentId));
        Assert.Null(created.Experiments[1].Status);
        Assert.Null(await lab.Experiment(second).Get().Within());

        await lab.RunToCompletionAsync(VmId(first), RunId(first, 0), boot: true);
        await lab.WaitForExperimentAsync(first, e => e.Status == ExperimentStatus.Completed, "completed");
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3));
        var boot = await lab.WaitForBootAsync(VmId(second));
        Assert.Equal(384, boot.Message.Vm.MemoryMiB);
        await lab.RunToCompletionAsync(VmId(second), RunId(second, 0), boot: true);
        await lab.WaitForExperimentAsync(second, e => e.Status == ExperimentStatus.Completed, "completed");
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3));

        var done = await WaitForStudyAsync(study, s => s.Status.IsFinal(), "the study ends");
        Assert.Equal(ExperimentStatus.Completed, done.Status);
        Assert.All(done.Experiments, e => Assert.Equal(ExperimentStatus.Completed, e.Status));
        Assert.Equal(created.Experiments.Count, done.Experiments.Count);
    }

    [Fact]
    public async Task A_study_cancelled_after_its_first_experiment_keeps_it_and_never_creates_the_next()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var id = $"study-{Guid.NewGuid():N}";
        var study = lab.Grains.GetGrain<IStudyGrain>(id);
        var (first, second) = (SeedExperimentIds.For(id, SeedExperiment.Bandwidth), SeedExperimentIds.For(id, SeedExperiment.VmSize));
        await study.Create(TwoExperiments).Within();
        await lab.RunToCompletionAsync(VmId(first), RunId(first, 0), boot: true);
        await lab.WaitForExperimentAsync(first, e => e.Status == ExperimentStatus.Completed, "completed");

        // Cancelled before the study looked again: the next experiment is never created.
        var cancelled = await study.Cancel("enough").Within();

        Assert.Equal(ExperimentStatus.Cancelled, cancelled!.Status);
        Assert.Equal("enough", cancelled.Reason);
        Assert.Equal(ExperimentStatus.Completed, cancelled.Experiments[0].Status);
        Assert.Null(await lab.Experiment(second).Get().Within());
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3));
        Assert.Null(await lab.Experiment(second).Get().Within());
    }

    [Fact]
    public async Task An_unknown_study_is_null_and_a_taken_id_refuses_another_preset()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var id = $"study-{Guid.NewGuid():N}";
        var study = lab.Grains.GetGrain<IStudyGrain>(id);

        Assert.Null(await study.Get().Within());
        Assert.Null(await study.Cancel("none").Within());
        await study.Create(TwoExperiments).Within();
        await Assert.ThrowsAsync<ArgumentException>(() => study.Create(TwoExperiments with { Name = "other" }).Within());
    }
}
