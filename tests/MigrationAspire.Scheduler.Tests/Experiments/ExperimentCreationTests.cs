using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Experiments;

/// <summary>Creating an experiment: its spec expanded into runs, stored once, or refused whole.</summary>
public sealed class ExperimentCreationTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    [Fact]
    public async Task A_sweep_becomes_its_cross_product_times_the_repetitions_repetition_outermost_first_axis_slowest()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var spec = Specs.FromJson("""
            {
              "name": "modes-by-memory",
              "vm": { "memoryMiB": 512, "vcpus": 1 },
              "workload": { "workingSetMiB": 64, "dirtyRatePagesPerSecond": 1000 },
              "repetitions": 2,
              "sweep": { "migration.mode": ["precopy", "stopcopy"], "vm.memoryMiB": [256, 384, 512] }
            }
            """);

        var experiment = await lab.CreateAsync(spec);

        var view = (await lab.Experiment(experiment).Get().Within())!;
        Assert.Equal(("modes-by-memory", 12), (view.Name, view.Runs.Total));
        var runs = await lab.Experiment(experiment).GetRuns().Within();
        string[] groups =
        [
            "migration.mode=\"precopy\" vm.memoryMiB=256", "migration.mode=\"precopy\" vm.memoryMiB=384",
            "migration.mode=\"precopy\" vm.memoryMiB=512", "migration.mode=\"stopcopy\" vm.memoryMiB=256",
            "migration.mode=\"stopcopy\" vm.memoryMiB=384", "migration.mode=\"stopcopy\" vm.memoryMiB=512",
        ];
        Assert.Equal([.. groups, .. groups], runs.Select(r => r.Plan.GroupKey));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => RunId(experiment, i)), runs.Select(r => r.Plan.RunId));
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], runs.Select(r => r.Plan.Repetition));
        Assert.Equal([256, 384, 512, 256, 384, 512], runs.Take(6).Select(r => r.Plan.Vm.MemoryMiB));
        Assert.Equal(MigrationMode.Stopcopy, runs[10].Plan.Migration.Mode);
        Assert.All(runs, r => Assert.Equal(64, r.Plan.Workload.WorkingSetMiB));
        var fifth = (await lab.Experiment(experiment).GetRun(4).Within())!.Plan;
        Assert.Equal((runs[4].Plan.RunId, runs[4].Plan.GroupKey), (fifth.RunId, fifth.GroupKey));
        Assert.Null(await lab.Experiment(experiment).GetRun(12).Within());
    }

    [Fact]
    public async Task Dotted_paths_set_nested_fields_of_each_run_and_leave_the_rest_of_the_spec_as_written()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var spec = Specs.FromJson("""
            {
              "name": "auto-converge",
              "vm": { "memoryMiB": 256 },
              "workload": { "workingSetMiB": 64 },
              "migration": { "mode": "precopy", "maxBandwidthMiBps": 32 },
              "sweep": { "migration.autoConverge.incrementPercent": [5, 25], "workload.dirtyRatePagesPerSecond": [0, 20000] }
            }
            """);

        var experiment = await lab.CreateAsync(spec);

        var runs = await lab.Experiment(experiment).GetRuns().Within();
        Assert.Equal([5, 5, 25, 25], runs.Select(r => r.Plan.Migration.AutoConverge!.IncrementPercent));
        Assert.All(runs, r => Assert.Equal(20, r.Plan.Migration.AutoConverge!.InitialThrottlePercent));
        Assert.Equal([0, 20000, 0, 20000], runs.Select(r => r.Plan.Workload.DirtyRatePagesPerSecond));
        Assert.All(runs, r => Assert.Equal((32.0, 256), (r.Plan.Migration.MaxBandwidthMiBps, r.Plan.Vm.MemoryMiB)));
        Assert.Null(spec.Migration.AutoConverge);
        Assert.Equal(["5", "5", "25", "25"], runs.Select(r => r.Plan.Parameters[0].Value));
    }

    [Fact]
    public async Task Creating_again_with_the_same_spec_returns_the_stored_experiment_and_starts_nothing_new()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        const string json = """{ "name": "twice", "vm": { "memoryMiB": 256 }, "workload": { "workingSetMiB": 64 }, "repetitions": 3 }""";
        var experiment = await lab.CreateAsync(Specs.FromJson(json));
        await lab.WaitForBootAsync(VmId(experiment));
        var first = (await lab.Experiment(experiment).Get().Within())!;

        var again = await lab.Experiment(experiment).Create(Specs.FromJson(json)).Within();

        Assert.Equal((first.CreatedAt, first.Runs, first.Status), (again.CreatedAt, again.Runs, again.Status));
        Assert.Equal(3, (await lab.Experiment(experiment).GetRuns().Within()).Count);
        Assert.Single(lab.Bus.Sent<BootVm>(b => b.VmId.StartsWith(experiment + "-")));
    }

    [Fact]
    public async Task A_different_spec_under_a_taken_id_is_refused_and_the_stored_one_is_kept()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var experiment = await lab.CreateAsync(Specs.Simple(repetitions: 2));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => lab.Experiment(experiment).Create(Specs.Simple(repetitions: 3)).Within());

        Assert.Contains(experiment, refused.Message);
        var view = (await lab.Experiment(experiment).Get().Within())!;
        Assert.Equal((2, 2), (view.Spec.Repetitions, view.Runs.Total));
    }

    [Fact]
    public async Task An_invalid_spec_is_refused_naming_the_field_and_nothing_is_stored()
    {
        await using var lab = await cluster.StartScenarioAsync();
        await lab.TwoHostsAsync();
        var id = $"invalid-{Guid.NewGuid():N}";
        var invalid = Specs.Simple(memoryMiB: 128) with { Repetitions = 0 };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => lab.Experiment(id).Create(invalid).Within());

        Assert.Contains("repetitions", refused.Message);
        Assert.Contains("workload.workingSetMiB", refused.Message);
        Assert.Null(await lab.Experiment(id).Get().Within());
        Assert.Empty(await lab.Experiment(id).GetRuns().Within());
        Assert.Empty(lab.Bus.Sent<BootVm>(b => b.VmId.StartsWith(id + "-")));
        // Nothing was half-created: the id is still free for a valid spec.
        var created = await lab.Experiment(id).Create(Specs.Simple()).Within();
        Assert.Equal(1, created.Runs.Total);
        await lab.Experiment(id).Cancel("the test is over").Within();
    }

    [Fact]
    public async Task A_sweep_with_more_runs_than_the_scheduler_allows_is_refused()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var id = $"too-many-{Guid.NewGuid():N}";
        var spec = Specs.Simple(repetitions: 10) with
        {
            Sweep = [new SweepAxis { Path = "workload.dirtyRatePagesPerSecond", Values = [.. Enumerable.Range(1, 11).Select(i => $"{i * 100}")] }],
        };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => lab.Experiment(id).Create(spec).Within());

        Assert.Contains("110 runs", refused.Message);
        Assert.Contains("at most 100", refused.Message);
        Assert.Null(await lab.Experiment(id).Get().Within());
    }

    [Fact]
    public async Task A_created_experiment_is_in_the_index_a_restarted_scheduler_resumes_from_and_a_refused_one_is_not()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var index = lab.Grains.GetGrain<IExperimentIndexGrain>(IExperimentIndexGrain.Key);
        var refused = $"refused-{Guid.NewGuid():N}";

        var experiment = await lab.CreateAsync(Specs.Simple());
        await Assert.ThrowsAsync<ArgumentException>(() => lab.Experiment(refused).Create(Specs.Simple(repetitions: 0)).Within());

        var ids = await index.List().Within();
        Assert.Contains(experiment, ids);
        Assert.DoesNotContain(refused, ids);
    }
}
