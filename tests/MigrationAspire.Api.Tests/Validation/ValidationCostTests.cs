using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Validation;

/// <summary>
/// What a spec can make the validator do is bounded by its size checks, which need only counts, and per value by
/// one parse and one hash lookup. (How long the worst request takes is measured in bench/, not here.)
/// </summary>
public sealed class ValidationCostTests
{
    [Fact]
    public void Validate_sweep_over_run_limit_reports_the_run_count_without_reading_a_value()
    {
        // Each of these values is wrong; read one by one they would make 100 000 problems.
        var spec = Specs.Valid() with { Sweep = [new() { Path = "vm.memoryMiB", Values = [.. Enumerable.Repeat("\"x\"", 100_000)] }] };

        var errors = ExperimentSpecValidator.Validate(spec);

        Assert.Equal(["sweep"], errors.Keys);
        Assert.Equal("The experiment would make 200000 runs (100000 vm.memoryMiB × 2 repetitions); at most 500 runs are allowed per experiment.",
            Assert.Single(errors["sweep"]));
    }

    [Fact]
    public void Validate_more_paths_than_sweepable_fields_says_so_without_checking_each_path()
    {
        var spec = Specs.Valid() with
        {
            Sweep = [.. Enumerable.Range(0, 5_000).Select(i => new SweepAxis { Path = $"vm.unknown{i}", Values = ["1"] })],
        };

        var errors = ExperimentSpecValidator.Validate(spec);

        Assert.Equal(["sweep"], errors.Keys);
        Assert.StartsWith($"sweep lists 5000 paths, but only {SpecPaths.Sweepable.Count} fields are sweepable", Assert.Single(errors["sweep"]));
    }

    [Fact]
    public void Repeats_ten_thousand_distinct_values_cost_about_one_comparison_each()
    {
        var comparisons = 0;
        var values = Enumerable.Range(0, 10_000).Select(i => (object?)new Counted(i, () => comparisons++))
            .Append(new Counted(7, () => comparisons++)).Append(null).Append(null).ToList();

        var repeats = SweepShapeRules.Repeats(values).ToList();

        Assert.Equal([(10_000, 7), (10_002, 10_001)], repeats);
        // Comparing each value with every earlier one would take 50 million.
        Assert.InRange(comparisons, 1, 2 * values.Count);
    }

    [Fact]
    public void Validate_many_fields_broken_keeps_twenty_and_counts_the_rest_under_the_root()
    {
        // Every value is wrong and under the run limit: one problem per value, 499 fields.
        var spec = Specs.Valid() with
        {
            Repetitions = 1,
            Sweep = [new() { Path = "vm.vcpus", Values = [.. Enumerable.Range(0, 499).Select(i => $"\"{i}\"")] }],
        };

        var errors = ExperimentSpecValidator.Validate(spec);

        Assert.Equal(21, errors.Count);
        Assert.Equal("…and 479 more problems in 479 more fields (sweep.vm.vcpus[20] first); fix these first.", Assert.Single(errors["$"]));
    }

    /// <summary>A value that counts how often it is compared.</summary>
    private sealed class Counted(int value, Action compared)
    {
        private readonly int value = value;

        public override bool Equals(object? obj)
        {
            compared();
            return obj is Counted other && other.value == value;
        }

        public override int GetHashCode() => value;
    }
}
