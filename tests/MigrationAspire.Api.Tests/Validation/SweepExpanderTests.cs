using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Validation;

public sealed class SweepExpanderTests
{
    [Fact]
    public void Expand_no_sweep_repeats_the_spec_without_parameters()
    {
        var spec = Specs.With("""{"repetitions": 3}""");

        var runs = SweepExpander.Expand("exp-1", spec);

        Assert.Equal(["exp-1-0000", "exp-1-0001", "exp-1-0002"], runs.Select(r => r.RunId));
        Assert.Equal([0, 1, 2], runs.Select(r => r.Index));
        Assert.Equal([0, 1, 2], runs.Select(r => r.Repetition));
        Assert.All(runs, r => Assert.Empty(r.Parameters));
        Assert.All(runs, r => Assert.Equal("(all)", r.GroupKey));
        Assert.All(runs, r => Assert.Equal(spec.Migration, r.Migration));
        Assert.All(runs, r => Assert.Equal("exp-1", r.ExperimentId));
    }

    [Fact]
    public void Expand_two_axes_repetition_outermost_then_first_axis_slowest()
    {
        var spec = Specs.With("""
            {"repetitions": 2, "sweep": {"migration.mode": ["precopy", "stopcopy"], "vm.memoryMiB": [256, 384, 512]}}
            """);

        var runs = SweepExpander.Expand("exp-abc", spec);

        string[] groups =
        [
            "migration.mode=\"precopy\" vm.memoryMiB=256", "migration.mode=\"precopy\" vm.memoryMiB=384",
            "migration.mode=\"precopy\" vm.memoryMiB=512", "migration.mode=\"stopcopy\" vm.memoryMiB=256",
            "migration.mode=\"stopcopy\" vm.memoryMiB=384", "migration.mode=\"stopcopy\" vm.memoryMiB=512",
        ];
        Assert.Equal([.. groups, .. groups], runs.Select(r => r.GroupKey));
        Assert.Equal(Enumerable.Range(0, 12), runs.Select(r => r.Index));
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], runs.Select(r => r.Repetition));
        Assert.Equal("exp-abc-0011", runs[^1].RunId);
        Assert.Equal(MigrationMode.Stopcopy, runs[4].Migration.Mode);
        Assert.Equal(384, runs[4].Vm.MemoryMiB);
    }

    [Fact]
    public void Expand_same_spec_twice_gives_the_same_runs()
    {
        var spec = Specs.With("""{"repetitions": 3, "sweep": {"vm.vcpus": [2, 1], "workload.pattern": ["random", "sequential"]}}""");

        var first = SweepExpander.Expand("exp-1", spec);
        var second = SweepExpander.Expand("exp-1", spec);

        Assert.Equal(first.Select(r => (r.RunId, r.GroupKey, r.Vm, r.Workload)), second.Select(r => (r.RunId, r.GroupKey, r.Vm, r.Workload)));
        Assert.Equal("vm.vcpus=2 workload.pattern=\"random\"", first[0].GroupKey);
    }

    [Fact]
    public void Expand_raw_values_are_kept_exactly_as_written()
    {
        var spec = Specs.With("""
            {"repetitions": 1, "migration": {"multifdChannels": 2}, "sweep": {"migration.maxBandwidthMiBps": [32.0, 1e2, null], "migration.compression": ["Zstd"]}}
            """);

        var runs = SweepExpander.Expand("exp-1", spec);

        Assert.Equal(["32.0", "1e2", "null"], runs.Select(r => r.Parameters[0].Value));
        Assert.All(runs, r => Assert.Equal("\"Zstd\"", r.Parameters[1].Value));
        Assert.Equal([32.0, 100.0, null], runs.Select(r => r.Migration.MaxBandwidthMiBps));
        Assert.All(runs, r => Assert.Equal(MultifdCompression.Zstd, r.Migration.Compression));
    }

    [Fact]
    public void Expand_nested_path_without_auto_converge_creates_it_with_defaults()
    {
        var spec = Specs.With("""{"repetitions": 1, "sweep": {"migration.autoConverge.incrementPercent": [5, 25]}}""");

        var runs = SweepExpander.Expand("exp-1", spec);

        Assert.Null(spec.Migration.AutoConverge);
        Assert.Equal([new AutoConvergeSpec { IncrementPercent = 5 }, new AutoConvergeSpec { IncrementPercent = 25 }],
            runs.Select(r => r.Migration.AutoConverge));
        Assert.Equal("migration.autoConverge.incrementPercent", runs[0].Parameters[0].Path);
    }

    [Fact]
    public void Expand_nested_path_keeps_the_other_fields_of_its_object()
    {
        var spec = Specs.With("""
            {"migration": {"autoConverge": {"initialThrottlePercent": 40, "incrementPercent": 7}, "downtimeLimitMs": 50},
             "sweep": {"migration.autoConverge.incrementPercent": [15]}}
            """);

        var run = Assert.Single(SweepExpander.Expand("exp-1", spec), r => r.Repetition == 0);

        Assert.Equal(new AutoConvergeSpec { InitialThrottlePercent = 40, IncrementPercent = 15 }, run.Migration.AutoConverge);
        Assert.Equal(50, run.Migration.DowntimeLimitMs);
        Assert.Equal(64, run.Migration.MaxBandwidthMiBps);
        Assert.Equal(64, run.Workload.WorkingSetMiB);
    }

    [Fact]
    public void Expand_count_is_product_of_axes_times_repetitions()
    {
        var spec = Specs.With("""
            {"repetitions": 3, "sweep": {"vm.vcpus": [1, 2], "workload.dirtyRatePagesPerSecond": [0, 10, 100, 1000], "migration.onLimit": ["cancel", "pause", "postcopy"]}}
            """);

        var runs = SweepExpander.Expand("exp-1", spec);

        Assert.Equal(2 * 4 * 3 * 3, runs.Count);
        Assert.Equal(24, runs.Select(r => r.GroupKey).Distinct().Count());
        Assert.All(runs.GroupBy(r => r.GroupKey), g => Assert.Equal([0, 1, 2], g.Select(r => r.Repetition)));
    }

    [Fact]
    public void Expand_unknown_path_throws()
    {
        var spec = Specs.Valid() with { Sweep = [new() { Path = "vm.ram", Values = ["1"] }] };

        var error = Assert.Throws<ArgumentException>(() => SweepExpander.Expand("exp-1", spec));

        Assert.Contains("sweep.vm.ram is not a sweepable field", error.Message);
    }

    [Fact]
    public void Sweepable_is_every_scalar_run_field_and_nothing_else()
    {
        Assert.Equal(
        [
            "vm.memoryMiB", "vm.vcpus",
            "workload.workingSetMiB", "workload.dirtyRatePagesPerSecond", "workload.pattern",
            "workload.hotspotFraction", "workload.hotspotWriteShare", "workload.sweepIntervalMs", "workload.residentPercent",
            "migration.mode", "migration.maxBandwidthMiBps", "migration.downtimeLimitMs", "migration.postcopyAfterPasses",
            "migration.autoConverge.initialThrottlePercent", "migration.autoConverge.incrementPercent",
            "migration.multifdChannels", "migration.compression", "migration.xbzrleCacheMiB", "migration.maxPasses",
            "migration.maxTimeSeconds", "migration.onLimit",
            "migration.policy.kind",
            "migration.policy.stepped.downtimeMs", "migration.policy.stepped.steps",
            "migration.policy.stepped.delaySecondsPerGiB", "migration.policy.stepped.minimumGiB",
            "migration.policy.ramp.initialMs", "migration.policy.ramp.maxMs", "migration.policy.ramp.steps",
            "migration.policy.ramp.startAfterPass", "migration.policy.ramp.cooldownSeconds",
            "migration.policy.stall.windowSeconds", "migration.policy.stall.marginPercent", "migration.policy.stall.ewmaAlpha",
            "migration.policy.stall.action", "migration.policy.stall.maxDowntimeMs", "migration.policy.stall.precopyPossibleFactor",
            "migration.policy.stall.patienceDecay", "migration.policy.stall.searchLocalMinima", "migration.policy.stall.switchoverTimeoutSeconds",
            "network.bandwidthMbit", "network.latencyMs", "network.jitterMs", "network.outage.atSeconds", "network.outage.durationMs",
        ], SpecPaths.Sweepable.Keys);
    }
}
