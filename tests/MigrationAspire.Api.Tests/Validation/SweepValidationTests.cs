using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Validation;

public sealed class SweepValidationTests
{
    [Theory]
    [InlineData("""{"vm.memoryMiB": [256, 512, 1024]}""")]
    [InlineData("""{"migration.mode": ["precopy", "stopcopy", "postcopy"]}""")]
    [InlineData("""{"migration.maxBandwidthMiBps": [null, 32, 64.5]}""")]
    [InlineData("""{"migration.autoConverge.incrementPercent": [5, 10]}""")]
    [InlineData("""{"workload.pattern": ["sequential", "random", "hotspot", "sweep"], "workload.dirtyRatePagesPerSecond": [0, 1000]}""")]
    [InlineData("""{"migration.compression": ["none"], "migration.onLimit": ["cancel", "pause", "postcopy"]}""")]
    public void Validate_well_formed_sweep_is_valid(string sweep)
    {
        var errors = ExperimentSpecValidator.Validate(Specs.With($$"""{"sweep": {{sweep}}}"""));

        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    [Theory]
    [InlineData("""{"vm.memory": [256]}""", "sweep.vm.memory", "is not a sweepable field")]
    [InlineData("""{"name": ["a", "b"]}""", "sweep.name", "is not a sweepable field")]
    [InlineData("""{"repetitions": [1, 2]}""", "sweep.repetitions", "is not a sweepable field")]
    [InlineData("""{"maxConcurrentRuns": [1, 2]}""", "sweep.maxConcurrentRuns", "is not a sweepable field")]
    [InlineData("""{"migration.autoConverge": [null]}""", "sweep.migration.autoConverge", "is not a sweepable field")]
    [InlineData("""{"vm": [1]}""", "sweep.vm", "is not a sweepable field")]
    [InlineData("""{"vm.memoryMiB": []}""", "sweep.vm.memoryMiB", "must list at least one value")]
    [InlineData("""{"vm.memoryMiB": [256, 256]}""", "sweep.vm.memoryMiB[1]", "repeats sweep.vm.memoryMiB[0] (256)")]
    [InlineData("""{"migration.maxBandwidthMiBps": [32, 64, 32.0]}""", "sweep.migration.maxBandwidthMiBps[2]", "repeats sweep.migration.maxBandwidthMiBps[0] (32.0)")]
    [InlineData("""{"migration.mode": ["precopy", "Precopy"]}""", "sweep.migration.mode[1]", "repeats sweep.migration.mode[0]")]
    [InlineData("""{"vm.memoryMiB": [256, "512"]}""", "sweep.vm.memoryMiB[1]", "must be an integer, like the field vm.memoryMiB (was \"512\")")]
    [InlineData("""{"vm.memoryMiB": [256.5]}""", "sweep.vm.memoryMiB[0]", "must be an integer")]
    [InlineData("""{"vm.memoryMiB": [null]}""", "sweep.vm.memoryMiB[0]", "must be an integer, like")]
    [InlineData("""{"migration.mode": ["precopy", "fastcopy"]}""", "sweep.migration.mode[1]", "must be one of \"precopy\", \"stopcopy\", \"postcopy\"")]
    [InlineData("""{"migration.mode": [1]}""", "sweep.migration.mode[0]", "must be one of")]
    [InlineData("""{"migration.downtimeLimitMs": [{"ms": 3}]}""", "sweep.migration.downtimeLimitMs[0]", "must be an integer or null")]
    [InlineData("""{"vm.memoryMiB": [256, 99999]}""", "sweep.vm.memoryMiB[1]", "vm.memoryMiB must be between 128 and 16384 MiB (was 99999)")]
    [InlineData("""{"migration.autoConverge.initialThrottlePercent": [50, 100]}""", "sweep.migration.autoConverge.initialThrottlePercent[1]", "between 1 and 99 % (was 100)")]
    public void Validate_sweep_rule_broken_names_sweep_path_and_rule(string sweep, string field, string rule)
    {
        var errors = ExperimentSpecValidator.Validate(Specs.With($$"""{"sweep": {{sweep}}}"""));

        Assert.Equal([field], errors.Keys);
        Assert.Contains(rule, Assert.Single(errors[field]));
    }

    [Fact]
    public void Validate_unknown_path_lists_the_sweepable_paths()
    {
        var errors = ExperimentSpecValidator.Validate(Specs.With("""{"sweep": {"vm.ram": [1]}}"""));

        var message = Assert.Single(errors["sweep.vm.ram"]);
        Assert.Contains("vm.memoryMiB", message);
        Assert.Contains("migration.autoConverge.incrementPercent", message);
    }

    [Fact]
    public void Validate_path_listed_twice_is_an_error()
    {
        var spec = Specs.Valid() with
        {
            Sweep = [new() { Path = "vm.vcpus", Values = ["1"] }, new() { Path = "vm.vcpus", Values = ["2"] }],
        };

        Assert.Contains("is listed more than once", Assert.Single(ExperimentSpecValidator.Validate(spec)["sweep.vm.vcpus"]));
    }

    [Fact]
    public void Validate_working_set_too_large_for_one_swept_size_names_that_combination()
    {
        var spec = Specs.With("""
            {"workload": {"workingSetMiB": 200}, "sweep": {"migration.mode": ["precopy", "stopcopy"], "vm.memoryMiB": [256, 512]}}
            """);

        var message = Assert.Single(ExperimentSpecValidator.Validate(spec)["workload.workingSetMiB"]);

        Assert.Contains("between 1 and 160 MiB, that is vm.memoryMiB (256)", message);
        Assert.EndsWith("In the sweep combination migration.mode=\"precopy\", vm.memoryMiB=256 and 1 more.", message);
    }

    [Fact]
    public void Validate_swept_working_set_too_large_names_the_sweep_value()
    {
        var spec = Specs.With("""{"vm": {"memoryMiB": 256}, "sweep": {"workload.workingSetMiB": [64, 160, 200]}}""");

        var errors = ExperimentSpecValidator.Validate(spec);

        Assert.Equal(["sweep.workload.workingSetMiB[2]"], errors.Keys);
    }

    [Fact]
    public void Validate_base_value_of_swept_field_is_not_checked()
    {
        // The spec's own memoryMiB is never used: every run takes one of the swept sizes.
        var spec = Specs.With("""{"vm": {"memoryMiB": 64}, "sweep": {"vm.memoryMiB": [256, 512]}}""");

        Assert.Empty(ExperimentSpecValidator.Validate(spec));
    }

    [Fact]
    public void Validate_rule_broken_in_every_combination_says_it_once_without_combination()
    {
        var spec = Specs.With("""{"vm": {"vcpus": 0}, "sweep": {"vm.memoryMiB": [256, 512]}}""");

        Assert.Equal("vm.vcpus must be between 1 and 16 (was 0).", Assert.Single(ExperimentSpecValidator.Validate(spec)["vm.vcpus"]));
    }

    [Fact]
    public void Validate_sweep_over_run_limit_shows_the_product()
    {
        var spec = Specs.With("""
            {"repetitions": 10, "sweep": {"vm.memoryMiB": [256, 512, 1024, 2048, 4096], "migration.maxBandwidthMiBps": [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192]}}
            """);

        var message = Assert.Single(ExperimentSpecValidator.Validate(spec)["sweep"]);

        Assert.Equal("The experiment would make 550 runs (5 vm.memoryMiB × 11 migration.maxBandwidthMiBps × 10 repetitions); at most 500 runs are allowed per experiment.", message);
    }

    [Fact]
    public void Validate_one_rule_in_many_combinations_keeps_five_messages_and_counts_the_rest()
    {
        var spec = Specs.With("""
            {"workload": {"workingSetMiB": 4000}, "sweep": {"vm.memoryMiB": [256, 512, 768, 1024, 1280, 1536, 1792]}}
            """);

        var messages = ExperimentSpecValidator.Validate(spec)["workload.workingSetMiB"];

        Assert.Equal(6, messages.Length);
        Assert.Equal("…and 2 more like these.", messages[^1]);
    }
}
