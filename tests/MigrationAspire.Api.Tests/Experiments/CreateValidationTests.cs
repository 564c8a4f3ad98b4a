using MigrationAspire.Api.Tests.Infrastructure;
using MigrationAspire.Api.Tests.Validation;

namespace MigrationAspire.Api.Tests.Experiments;

/// <summary>Every way a POST can be refused: a 400 naming the field and the rule, and nothing created.</summary>
[Collection(ApiCollection.Name)]
public sealed class CreateValidationTests(ApiFixture api)
{
    public static TheoryData<string, string?, string, string> Refused => new()
    {
        // Unknown field.
        { """{"name": "x", "vm": {"memoryMiB": 512, "ram": 1}}""", "application/json", "vm.ram", "'ram' is not a field of vm" },
        { """{"name": "x", "Repetitions": 2}""", "application/json", "Repetitions", "'Repetitions' is not a field of the spec; field names are camelCase" },
        // A renamed field: the old name is refused, naming the new one.
        { Specs.WithJson("""{"migration": {"maxIterations": 30}}"""), "application/json", "migration.maxIterations", "migration.maxIterations was renamed to migration.maxPasses: send migration.maxPasses instead" },
        { Specs.WithJson("""{"sweep": {"migration.maxIterations": [10, 20]}}"""), "application/json", "sweep.migration.maxIterations", "'migration.maxIterations' was renamed to 'migration.maxPasses'; sweep 'migration.maxPasses' instead" },
        // Missing or out-of-range values.
        { """{"vm": {"memoryMiB": 512}}""", "application/json", "name", "name is required" },
        { Specs.WithJson("""{"vm": {"memoryMiB": 64}, "workload": {"workingSetMiB": 16}}"""), "application/json", "vm.memoryMiB", "vm.memoryMiB must be between 128 and 16384 MiB (was 64)" },
        { Specs.WithJson("""{"workload": {"workingSetMiB": 500}}"""), "application/json", "workload.workingSetMiB", "kernel and initramfs" },
        { Specs.WithJson("""{"migration": {"compression": "zstd"}}"""), "application/json", "migration.compression", "set migration.multifdChannels too" },
        // Wrong types.
        { Specs.WithJson("""{"repetitions": "3"}"""), "application/json", "repetitions", "repetitions must be an integer" },
        { Specs.WithJson("""{"migration": {"mode": "warp"}}"""), "application/json", "migration.mode", "migration.mode must be one of \"precopy\", \"stopcopy\", \"postcopy\"" },
        { Specs.WithJson("""{"vm": null}"""), "application/json", "vm", "vm cannot be null; leave it out to take its defaults." },
        // Convergence policies.
        { Specs.WithJson("""{"migration": {"policy": {"kind": "nova"}}}"""), "application/json", "migration.policy.kind", "migration.policy.kind must be one of \"static\", \"stepped\", \"ramp\", \"stall\"" },
        { Specs.WithJson("""{"migration": {"policy": {"kind": "stepped", "stepped": {"steps": 0}}}}"""), "application/json", "migration.policy.stepped.steps", "between 1 and 1000 (was 0)" },
        { Specs.WithJson("""{"migration": {"policy": {"kind": "ramp", "ramp": {"maxMs": 100}}}}"""), "application/json", "migration.policy.ramp.maxMs", "a ramp cannot end below its start" },
        // Enum strings are one name each: commas would make flags ("random, hotspot" is sweep), padding is not a name.
        { Specs.WithJson("""{"workload": {"pattern": "random, hotspot"}}"""), "application/json", "workload.pattern", "workload.pattern must be one of \"sequential\", \"random\", \"hotspot\", \"sweep\"" },
        { Specs.WithJson("""{"migration": {"mode": "precopy, stopcopy"}}"""), "application/json", "migration.mode", "migration.mode must be one of" },
        { Specs.WithJson("""{"migration": {"mode": " precopy"}}"""), "application/json", "migration.mode", "migration.mode must be one of" },
        { Specs.WithJson("""{"sweep": {"workload.pattern": ["random, hotspot"]}}"""), "application/json", "sweep.workload.pattern[0]", "must be one of" },
        { Specs.WithJson("""{"sweep": {"migration.mode": ["precopy", "precopy,stopcopy"]}}"""), "application/json", "sweep.migration.mode[1]", "must be one of" },
        // A key given twice, at any depth: the last one would win unseen.
        { """{"name": "a", "name": "b"}""", "application/json", "name", "'name' appears twice in the spec" },
        { """{"name": "a", "migration": {"mode": "precopy", "maxTimeSeconds": 60, "mode": "stopcopy"}}""", "application/json", "migration.mode", "'mode' appears twice in migration" },
        { """{"name": "a", "migration": {"autoConverge": {"incrementPercent": 5, "incrementPercent": 50}}}""", "application/json", "migration.autoConverge.incrementPercent", "appears twice in migration.autoConverge" },
        { """{"name": "a", "sweep": {"vm.vcpus": [1], "vm.vcpus": [2]}}""", "application/json", "sweep.vm.vcpus", "sweep.vm.vcpus appears twice in sweep" },
        { """{"name": "a", "vm": {}, "vm": {"vcpus": 2}}""", "application/json", "vm", "'vm' appears twice in the spec" },
        // Control and invisible formatting characters in free text.
        { Specs.WithJson("""{"name": "a\u0000b\u001b[31mred\r\nInjected: yes"}"""), "application/json", "name", "name must be printable text: it holds the control character U+0000 at character 2" },
        { Specs.WithJson("""{"name": "invoice\u202Etxt.exe"}"""), "application/json", "name", "the invisible formatting character U+202E at character 8" },
        // Sweeps.
        { Specs.WithJson("""{"sweep": {"vm.ram": [1, 2]}}"""), "application/json", "sweep.vm.ram", "sweep.vm.ram is not a sweepable field" },
        { Specs.WithJson("""{"sweep": {"vm.memoryMiB": [256, 256]}}"""), "application/json", "sweep.vm.memoryMiB[1]", "repeats sweep.vm.memoryMiB[0]" },
        { Specs.WithJson("""{"sweep": {"vm.memoryMiB": [128, 512]}}"""), "application/json", "workload.workingSetMiB", "In the sweep combination vm.memoryMiB=128" },
        { Specs.WithJson("""{"sweep": [1, 2]}"""), "application/json", "sweep", "sweep must be an object" },
        // Too many runs (Experiments:MaxRunsPerExperiment, 500 by default).
        { Specs.WithJson("""{"repetitions": 300, "sweep": {"vm.vcpus": [1, 2]}}"""), "application/json", "sweep", "would make 600 runs (2 vm.vcpus × 300 repetitions); at most 500 runs" },
        // Malformed JSON: the line and position of the error.
        { "{\n  \"name\": \"x\",\n  \"vm\": { \"memoryMiB\": 5x12 }\n}", "application/json", "vm.memoryMiB", "(line 3, position" },
        { """{"name": "x", "vm": {"memoryMiB": 512,}}""", "application/json", "vm", "(line 1, position" },
        { """{"name": "x" """, "application/json", "$", "(line 1, position" },
        { "null", "application/json", "$", "The body is JSON null" },
        // Content type and body.
        { Specs.ValidJson, "text/plain", "$", "sent as application/json (Content-Type was 'text/plain')" },
        { Specs.ValidJson, null, "$", "(Content-Type was missing)" },
        { "", "application/json", "$", "The body is empty" },
        { "  \n ", "application/json", "$", "The body is empty" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Post_invalid_request_returns_400_naming_field_and_rule_and_creates_nothing(string body, string? contentType, string field, string rule)
    {
        var (createCalls, index) = (api.Lab.CreateCalls, api.Lab.Index);

        using var response = await api.Client.PostSpecAsync(body, contentType);

        var problem = await response.ReadValidationProblemAsync();
        Assert.True(problem.Errors.ContainsKey(field), $"errors has {string.Join(", ", problem.Errors.Keys)}, not {field}");
        Assert.Contains(problem.Errors[field], m => m.Contains(rule, StringComparison.Ordinal));
        Assert.Equal("The experiment spec is invalid.", problem.Title);
        Assert.StartsWith($"{problem.Errors.Keys.First()}: ", problem.Detail);
        Assert.Contains(problem.Errors.Values.First()[0], problem.Detail);
        Assert.Equal(createCalls, api.Lab.CreateCalls);
        Assert.Equal(index, api.Lab.Index);
    }

    [Theory]
    [InlineData("\\u0000")]
    [InlineData("\\u0007")]
    [InlineData("\\t")]
    [InlineData("\\r\\n")]
    [InlineData("\\u001b[2J")]
    [InlineData("\\u007f")]
    [InlineData("\\u0085")]
    [InlineData("\\u009b")]
    [InlineData("\\u00ad")]
    [InlineData("\\u200b")]
    [InlineData("\\u200f")]
    [InlineData("\\u2028")]
    [InlineData("\\u2066")]
    [InlineData("\\ufeff")]
    public async Task Post_name_with_control_or_format_character_returns_400_naming_name(string escaped)
    {
        using var response = await api.Client.PostSpecAsync(Specs.WithJson($$"""{"name": "run {{escaped}} one"}"""));

        var problem = await response.ReadValidationProblemAsync();
        Assert.Contains("name must be printable text", Assert.Single(problem.Errors["name"]));
    }

    [Theory]
    [InlineData("précopie über 512 MiB")]
    [InlineData("迁移实验")]
    [InlineData("downtime 🚀 test")]
    [InlineData("a/b: c=d; (e) [f] 'g' #1")]
    public async Task Post_name_in_any_script_is_accepted(string name)
    {
        var view = await api.Client.CreateExperimentAsync(Specs.WithJson($$"""{"name": "{{name}}"}"""));

        Assert.Equal(name, view.Name);
    }

    [Fact]
    public async Task Post_grain_refuses_spec_returns_400_with_its_reason_and_indexes_nothing()
    {
        var index = api.Lab.Index;
        api.Lab.RefuseNextCreate = "The scheduler cannot run this spec.";

        using var response = await api.Client.PostSpecAsync(Specs.ValidJson);

        var problem = await response.ReadValidationProblemAsync();
        Assert.Equal("The scheduler cannot run this spec.", Assert.Single(problem.Errors["$"]));
        Assert.Equal("$: The scheduler cannot run this spec.", problem.Detail);
        Assert.Equal(index, api.Lab.Index);
    }

    [Fact]
    public async Task Post_several_rules_broken_lists_every_field_and_counts_the_rest_in_detail()
    {
        using var response = await api.Client.PostSpecAsync(Specs.WithJson("""{"name": "", "vm": {"vcpus": 99}, "repetitions": 0}"""));

        var problem = await response.ReadValidationProblemAsync();
        Assert.Equal(["name", "repetitions", "vm.vcpus"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.EndsWith("(2 more in errors)", problem.Detail);
    }
}
