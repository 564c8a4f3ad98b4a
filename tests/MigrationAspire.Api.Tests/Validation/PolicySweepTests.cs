using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Validation;

/// <summary>Sweeping <c>migration.policy.kind</c> gives each run its kind's defaults; its settings sweep like any field.</summary>
public sealed class PolicySweepTests
{
    [Fact]
    public void Sweepable_policy_paths_are_discovered()
    {
        Assert.Equal(typeof(ConvergencePolicyKind), SpecPaths.Sweepable["migration.policy.kind"]);
        Assert.Equal(typeof(int), SpecPaths.Sweepable["migration.policy.stepped.steps"]);
        Assert.Equal(typeof(double), SpecPaths.Sweepable["migration.policy.ramp.cooldownSeconds"]);
        Assert.Equal(typeof(StallAction), SpecPaths.Sweepable["migration.policy.stall.action"]);
        Assert.False(SpecPaths.Sweepable.ContainsKey("migration.policy"));
        Assert.False(SpecPaths.Sweepable.ContainsKey("migration.policy.ramp"));
    }

    [Fact]
    public void Expand_swept_kind_gives_each_run_its_kind_with_its_defaults()
    {
        var spec = Specs.With("""{"sweep": {"migration.policy.kind": ["static", "stepped", "ramp", "stall"]}}""");

        Assert.Empty(ExperimentSpecValidator.Validate(spec));
        var runs = SweepExpander.Expand("exp-p", spec);

        Assert.Equal([ConvergencePolicyKind.Static, ConvergencePolicyKind.Stepped, ConvergencePolicyKind.Ramp, ConvergencePolicyKind.Stall,
            ConvergencePolicyKind.Static, ConvergencePolicyKind.Stepped, ConvergencePolicyKind.Ramp, ConvergencePolicyKind.Stall],
            runs.Select(r => r.Migration.Policy.Kind));
        Assert.All(runs, r => Assert.Equal(new ConvergencePolicySpec { Kind = r.Migration.Policy.Kind }, r.Migration.Policy));
        Assert.Equal("migration.policy.kind=\"ramp\"", runs[2].GroupKey);
        // The rest of the migration is the spec's.
        Assert.All(runs, r => Assert.Equal(spec.Migration with { Policy = r.Migration.Policy }, r.Migration));
    }

    [Fact]
    public void Expand_kind_and_one_kinds_setting_combine_and_keep_the_other_kinds_defaults()
    {
        var spec = Specs.With("""
            {"migration": {"policy": {"stepped": {"delaySecondsPerGiB": 3}}},
             "sweep": {"migration.policy.kind": ["stepped", "ramp"], "migration.policy.ramp.maxMs": [600, 1200]}}
            """);

        Assert.Empty(ExperimentSpecValidator.Validate(spec));
        var runs = SweepExpander.Expand("exp-p", spec);

        Assert.Equal(8, runs.Count);
        Assert.Equal([600, 1200, 600, 1200], runs.Take(4).Select(r => r.Migration.Policy.Ramp.MaxMs));
        Assert.All(runs, r => Assert.Equal(new SteppedPolicySpec { DelaySecondsPerGiB = 3 }, r.Migration.Policy.Stepped));
        Assert.All(runs, r => Assert.Equal(150, r.Migration.Policy.Ramp.InitialMs));
    }

    [Theory]
    [InlineData("""{"migration.policy.kind": ["static", "nova"]}""", "sweep.migration.policy.kind[1]", "must be one of \"static\", \"stepped\", \"ramp\", \"stall\"")]
    [InlineData("""{"migration.policy.kind": ["ramp", "ramp"]}""", "sweep.migration.policy.kind[1]", "repeats sweep.migration.policy.kind[0]")]
    [InlineData("""{"migration.policy": [{"kind": "ramp"}]}""", "sweep.migration.policy", "is not a sweepable field")]
    [InlineData("""{"migration.policy.stall.action": ["pause", "raise-limit"]}""", "sweep.migration.policy.stall.action[1]", "must be one of \"raiseLimit\", \"postcopy\", \"pause\", \"abort\"")]
    [InlineData("""{"migration.policy.stepped.steps": [10, 0]}""", "sweep.migration.policy.stepped.steps[1]", "migration.policy.stepped.steps must be between 1 and 1000 (was 0)")]
    [InlineData("""{"migration.policy.ramp.maxMs": [1200, 100]}""", "sweep.migration.policy.ramp.maxMs[1]", "a ramp cannot end below its start (was 100)")]
    [InlineData("""{"migration.policy.stall.marginPercent": [4, 100]}""", "sweep.migration.policy.stall.marginPercent[1]", "greater than 0 and less than 100 % (was 100)")]
    public void Validate_policy_sweep_rule_broken_names_sweep_path_and_rule(string sweep, string field, string rule)
    {
        var errors = ExperimentSpecValidator.Validate(Specs.With($$"""{"sweep": {{sweep}}}"""));

        Assert.Equal([field], errors.Keys);
        Assert.Contains(rule, Assert.Single(errors[field]));
    }

    [Fact]
    public void Validate_ramp_start_swept_past_its_maximum_names_the_combination()
    {
        var errors = ExperimentSpecValidator.Validate(Specs.With("""{"sweep": {"migration.policy.ramp.initialMs": [150, 1000]}}"""));

        var message = Assert.Single(errors["migration.policy.ramp.maxMs"]);
        Assert.Contains("a ramp cannot end below its start (was 900). In the sweep combination migration.policy.ramp.initialMs=1000.", message);
    }
}
