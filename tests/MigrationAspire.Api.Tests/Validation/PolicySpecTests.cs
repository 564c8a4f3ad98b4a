using System.Text.Json;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Validation;

/// <summary><c>migration.policy</c>: its JSON, the clouds' defaults, its rules, and sweeping it.</summary>
public sealed class PolicySpecTests
{
    [Fact]
    public void Parse_no_policy_is_static_with_every_kinds_cloud_defaults()
    {
        var policy = Specs.Valid().Migration.Policy;

        Assert.Equal(ConvergencePolicyKind.Static, policy.Kind);
        Assert.Equal(new SteppedPolicySpec { DowntimeMs = 500, Steps = 10, DelaySecondsPerGiB = 75, MinimumGiB = 2 }, policy.Stepped);
        Assert.Equal(new RampPolicySpec { InitialMs = 150, MaxMs = 900, Steps = 7, StartAfterPass = 3, CooldownSeconds = 10 }, policy.Ramp);
        Assert.Equal(new StallPolicySpec
        {
            WindowSeconds = 40,
            MarginPercent = 4,
            EwmaAlpha = 0.4,
            Action = StallAction.RaiseLimit,
            MaxDowntimeMs = 900,
            PrecopyPossibleFactor = 1.5,
            PatienceDecay = 0.5,
            SearchLocalMinima = true,
            SwitchoverTimeoutSeconds = 60,
        }, policy.Stall);
    }

    [Fact]
    public void Parse_one_kinds_setting_keeps_the_other_defaults()
    {
        var policy = Specs.With("""{"migration": {"policy": {"kind": "ramp", "ramp": {"maxMs": 1050}}}}""").Migration.Policy;

        Assert.Equal(ConvergencePolicyKind.Ramp, policy.Kind);
        Assert.Equal(new RampPolicySpec { MaxMs = 1050 }, policy.Ramp);
        Assert.Equal(new SteppedPolicySpec(), policy.Stepped);
    }

    [Fact]
    public void Serialize_policy_uses_camel_case_names_and_values()
    {
        var spec = Specs.With("""{"migration": {"policy": {"kind": "stall", "stall": {"action": "raiseLimit"}}}}""");

        var json = JsonSerializer.Serialize(spec.Migration, SpecJson.Options);

        Assert.Contains("\"policy\":{\"kind\":\"stall\",\"stepped\":{\"downtimeMs\":500,\"steps\":10,\"delaySecondsPerGiB\":75,\"minimumGiB\":2}", json);
        Assert.Contains("\"ramp\":{\"initialMs\":150,\"maxMs\":900,\"steps\":7,\"startAfterPass\":3,\"cooldownSeconds\":10}", json);
        Assert.Contains("\"stall\":{\"windowSeconds\":40,\"marginPercent\":4,\"ewmaAlpha\":0.4,\"action\":\"raiseLimit\",\"maxDowntimeMs\":900,"
            + "\"precopyPossibleFactor\":1.5,\"patienceDecay\":0.5,\"searchLocalMinima\":true,\"switchoverTimeoutSeconds\":60}", json);
        Assert.Equal(spec.Migration, JsonSerializer.Deserialize<MigrationSpec>(json, SpecJson.Options));
    }

    [Theory]
    [InlineData("""{"name": "x", "migration": {"policy": {"kind": "nova"}}}""", "$.migration.policy.kind")]
    [InlineData("""{"name": "x", "migration": {"policy": {"kind": 1}}}""", "$.migration.policy.kind")]
    [InlineData("""{"name": "x", "migration": {"policy": {"kind": "ramp", "maxMs": 900}}}""", "$.migration.policy.maxMs")]
    [InlineData("""{"name": "x", "migration": {"policy": {"ramp": {"max": 900}}}}""", "$.migration.policy.ramp.max")]
    [InlineData("""{"name": "x", "migration": {"policy": {"stall": {"action": "raise-limit"}}}}""", "$.migration.policy.stall.action")]
    [InlineData("""{"name": "x", "migration": {"policy": {"stepped": {"steps": 2.5}}}}""", "$.migration.policy.stepped.steps")]
    [InlineData("""{"name": "x", "migration": {"policy": null}}""", "$.migration.policy")]
    [InlineData("""{"name": "x", "migration": {"policy": "stepped"}}""", "$.migration.policy")]
    public void Deserialize_unknown_or_mistyped_policy_throws_at_the_path(string json, string path)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExperimentSpec>(json, SpecJson.Options));

        Assert.Equal(path, error.Path);
    }

    [Theory]
    [InlineData("""{"kind": "stepped", "stepped": {"downtimeMs": 1, "steps": 1, "delaySecondsPerGiB": 0.001, "minimumGiB": 0}}""")]
    [InlineData("""{"kind": "stepped", "stepped": {"downtimeMs": 60000, "steps": 1000, "delaySecondsPerGiB": 3600, "minimumGiB": 1024}}""")]
    [InlineData("""{"kind": "stepped", "stepped": {"downtimeMs": 10, "steps": 10}}""")]
    [InlineData("""{"kind": "ramp", "ramp": {"initialMs": 1, "maxMs": 1, "steps": 1, "startAfterPass": 0, "cooldownSeconds": 0.001}}""")]
    [InlineData("""{"kind": "ramp", "ramp": {"initialMs": 60000, "maxMs": 60000, "steps": 1000, "startAfterPass": 10000, "cooldownSeconds": 3600}}""")]
    [InlineData("""{"kind": "stall", "stall": {"windowSeconds": 0.001, "marginPercent": 0.001, "ewmaAlpha": 0.001, "maxDowntimeMs": 1, "precopyPossibleFactor": 1, "patienceDecay": 0.001, "switchoverTimeoutSeconds": 0.001}}""")]
    [InlineData("""{"kind": "stall", "stall": {"windowSeconds": 3600, "marginPercent": 99.999, "ewmaAlpha": 1, "maxDowntimeMs": 60000, "precopyPossibleFactor": 1000, "patienceDecay": 1, "switchoverTimeoutSeconds": 3600}}""")]
    [InlineData("""{"kind": "stall", "stall": {"action": "postcopy", "searchLocalMinima": false}}""")]
    [InlineData("""{"kind": "stall", "stall": {"action": "pause"}}""")]
    [InlineData("""{"kind": "stall", "stall": {"action": "abort"}}""")]
    public void Validate_policy_at_a_boundary_is_valid(string policy)
    {
        var errors = ExperimentSpecValidator.Validate(Specs.With($$$"""{"migration": {"policy": {{{policy}}}}}"""));

        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    [Theory]
    [InlineData("""{"stepped": {"downtimeMs": 0}}""", "stepped.downtimeMs", "between 1 and 60000 ms (was 0)")]
    [InlineData("""{"stepped": {"downtimeMs": 60001}}""", "stepped.downtimeMs", "(was 60001)")]
    [InlineData("""{"stepped": {"steps": 0}}""", "stepped.steps", "between 1 and 1000 (was 0)")]
    [InlineData("""{"stepped": {"steps": -3}}""", "stepped.steps", "between 1 and 1000 (was -3)")]
    [InlineData("""{"stepped": {"downtimeMs": 5, "steps": 10}}""", "stepped.steps", "at most migration.policy.stepped.downtimeMs (5), so that the first step, downtime / steps, is at least 1 ms (was 10)")]
    [InlineData("""{"stepped": {"delaySecondsPerGiB": 0}}""", "stepped.delaySecondsPerGiB", "greater than 0 and at most 3600 s (was 0)")]
    [InlineData("""{"stepped": {"delaySecondsPerGiB": -75}}""", "stepped.delaySecondsPerGiB", "(was -75)")]
    [InlineData("""{"stepped": {"delaySecondsPerGiB": 3600.5}}""", "stepped.delaySecondsPerGiB", "(was 3600.5)")]
    [InlineData("""{"stepped": {"minimumGiB": -1}}""", "stepped.minimumGiB", "between 0 and 1024 GiB (was -1)")]
    [InlineData("""{"ramp": {"initialMs": 0}}""", "ramp.initialMs", "between 1 and 60000 ms (was 0)")]
    [InlineData("""{"ramp": {"maxMs": 100}}""", "ramp.maxMs", "at least migration.policy.ramp.initialMs (150 ms): a ramp cannot end below its start (was 100)")]
    [InlineData("""{"ramp": {"initialMs": 1000}}""", "ramp.maxMs", "a ramp cannot end below its start (was 900)")]
    [InlineData("""{"ramp": {"maxMs": 60001}}""", "ramp.maxMs", "between 1 and 60000 ms (was 60001)")]
    [InlineData("""{"ramp": {"steps": 0}}""", "ramp.steps", "between 1 and 1000 (was 0)")]
    [InlineData("""{"ramp": {"startAfterPass": -1}}""", "ramp.startAfterPass", "between 0 and 10000 (was -1)")]
    [InlineData("""{"ramp": {"cooldownSeconds": 0}}""", "ramp.cooldownSeconds", "greater than 0 and at most 3600 s (was 0)")]
    [InlineData("""{"stall": {"windowSeconds": 0}}""", "stall.windowSeconds", "greater than 0 and at most 3600 s (was 0)")]
    [InlineData("""{"stall": {"marginPercent": 0}}""", "stall.marginPercent", "greater than 0 and less than 100 % (was 0)")]
    [InlineData("""{"stall": {"marginPercent": 100}}""", "stall.marginPercent", "greater than 0 and less than 100 % (was 100)")]
    [InlineData("""{"stall": {"marginPercent": -4}}""", "stall.marginPercent", "(was -4)")]
    [InlineData("""{"stall": {"ewmaAlpha": 0}}""", "stall.ewmaAlpha", "greater than 0 and at most 1 (was 0)")]
    [InlineData("""{"stall": {"ewmaAlpha": 1.5}}""", "stall.ewmaAlpha", "(was 1.5)")]
    [InlineData("""{"stall": {"maxDowntimeMs": 0}}""", "stall.maxDowntimeMs", "between 1 and 60000 ms (was 0)")]
    [InlineData("""{"stall": {"precopyPossibleFactor": 0.5}}""", "stall.precopyPossibleFactor", "between 1 and 1000 (was 0.5)")]
    [InlineData("""{"stall": {"patienceDecay": 0}}""", "stall.patienceDecay", "greater than 0 and at most 1 (was 0)")]
    [InlineData("""{"stall": {"patienceDecay": 2}}""", "stall.patienceDecay", "(was 2)")]
    [InlineData("""{"stall": {"switchoverTimeoutSeconds": 0}}""", "stall.switchoverTimeoutSeconds", "greater than 0 and at most 3600 s (was 0)")]
    public void Validate_policy_rule_broken_names_field_and_rule(string policy, string field, string rule)
    {
        var path = $"migration.policy.{field}";

        var errors = ExperimentSpecValidator.Validate(Specs.With($$$"""{"migration": {"policy": {{{policy}}}}}"""));

        Assert.Equal([path], errors.Keys);
        var message = Assert.Single(errors[path]);
        Assert.StartsWith(path, message, StringComparison.Ordinal);
        Assert.Contains(rule, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_unused_kinds_settings_are_checked_too()
    {
        // A sweep of the kind may use them, and they are part of every run's spec.
        var errors = ExperimentSpecValidator.Validate(Specs.With("""{"migration": {"policy": {"kind": "static", "ramp": {"steps": 0}}}}"""));

        Assert.Equal(["migration.policy.ramp.steps"], errors.Keys);
    }

    [Fact]
    public void Validate_undefined_or_missing_parts_from_code_name_the_field()
    {
        var undefined = Specs.Valid() with
        {
            Migration = new MigrationSpec { Policy = new ConvergencePolicySpec { Kind = (ConvergencePolicyKind)9, Stall = new StallPolicySpec { Action = (StallAction)7 } } },
        };
        var missing = Specs.Valid() with { Migration = new MigrationSpec { Policy = new ConvergencePolicySpec { Ramp = null! } } };

        var undefinedErrors = ExperimentSpecValidator.Validate(undefined);
        Assert.Contains("migration.policy.kind must be one of \"static\", \"stepped\", \"ramp\", \"stall\"", Assert.Single(undefinedErrors["migration.policy.kind"]));
        Assert.Contains("one of \"raiseLimit\", \"postcopy\", \"pause\", \"abort\"", Assert.Single(undefinedErrors["migration.policy.stall.action"]));
        Assert.Equal(["migration.policy.ramp cannot be null; leave it out to take its defaults."],
            ExperimentSpecValidator.Validate(missing)["migration.policy.ramp"]);
        Assert.Equal(["migration.policy cannot be null; leave it out for the static policy."],
            ExperimentSpecValidator.Validate(Specs.Valid() with { Migration = new MigrationSpec { Policy = null! } })["migration.policy"]);
    }

    [Fact]
    public void Validate_policy_with_every_limit_action_is_valid()
    {
        foreach (var onLimit in new[] { "cancel", "pause", "postcopy" })
            foreach (var kind in new[] { "static", "stepped", "ramp", "stall" })
            {
                var errors = ExperimentSpecValidator.Validate(Specs.With("""
                    {"migration": {"maxPasses": 30, "maxTimeSeconds": 60, "onLimit": "ON", "policy": {"kind": "KIND"}}}
                    """.Replace("ON", onLimit).Replace("KIND", kind)));
                Assert.True(errors.Count == 0, $"{kind} with {onLimit}: {string.Join("; ", errors.Keys)}");
            }
    }
}
