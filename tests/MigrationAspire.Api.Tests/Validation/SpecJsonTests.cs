using System.Text.Json;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Validation;

public sealed class SpecJsonTests
{
    [Fact]
    public void Serialize_spec_uses_camel_case_and_enum_names()
    {
        var spec = Specs.Valid() with
        {
            Migration = new MigrationSpec { Mode = MigrationMode.Stopcopy, OnLimit = LimitAction.Postcopy, Compression = MultifdCompression.Zstd },
            Workload = new WorkloadSpec { Pattern = WorkloadPattern.Hotspot },
        };

        var json = JsonSerializer.Serialize(spec, SpecJson.Options);

        Assert.Contains("\"mode\":\"stopcopy\"", json);
        Assert.Contains("\"onLimit\":\"postcopy\"", json);
        Assert.Contains("\"compression\":\"zstd\"", json);
        Assert.Contains("\"pattern\":\"hotspot\"", json);
        Assert.Contains("\"memoryMiB\":512", json);
        Assert.Contains("\"sweep\":{}", json);
    }

    [Fact]
    public void Round_trip_spec_with_sweep_is_unchanged()
    {
        var spec = Specs.With("""{"sweep": {"vm.memoryMiB": [256, 512.0], "migration.mode": ["precopy"]}}""");

        var again = Specs.Parse(JsonSerializer.Serialize(spec, SpecJson.Options));

        Assert.Equal(spec.Vm, again.Vm);
        Assert.Equal(spec.Migration, again.Migration);
        Assert.Equal(["256", "512.0"], again.Sweep[0].Values);
        Assert.Equal(["\"precopy\""], again.Sweep[1].Values);
    }

    [Fact]
    public void Read_sweep_values_keep_their_json_text_as_written()
    {
        var spec = Specs.Parse("""{"name": "x", "sweep": {"migration.mode": ["pre\u0063opy", "stopcopy"], "vm.memoryMiB": [2.56e2, -0, [1, {"a": 2}], null, true]}}""");

        Assert.Equal(["\"pre\\u0063opy\"", "\"stopcopy\""], spec.Sweep[0].Values);
        Assert.Equal(["2.56e2", "-0", "[1, {\"a\": 2}]", "null", "true"], spec.Sweep[1].Values);
    }

    [Theory]
    [InlineData("""{"name": "x", "vm": {"memoryMiB": 512, "ram": 1}}""", "$.vm.ram")]
    [InlineData("""{"name": "x", "Name": "y"}""", "$.Name")]
    [InlineData("""{"name": "x", "vm": {"memoryMiB": "512"}}""", "$.vm.memoryMiB")]
    [InlineData("""{"name": "x", "migration": {"mode": 1}}""", "$.migration.mode")]
    [InlineData("""{"name": "x", "migration": {"mode": "warp"}}""", "$.migration.mode")]
    [InlineData("""{"name": "x", "vm": null}""", "$.vm")]
    [InlineData("""{"name": "x", "vm": {"memoryMiB": 512,}}""", "$.vm")]
    [InlineData("""{"name": "x", "migration": {"mode": "precopy, stopcopy"}}""", "$.migration.mode")]
    [InlineData("""{"name": "x", "workload": {"pattern": "Random"}, "workload": {"pattern": "hotspot"}}""", "$.workload")]
    [InlineData("""{"name": "x", "sweep": {"vm.vcpus": [1], "vm.vcpus": [2]}}""", "$.sweep")]
    public void Deserialize_strict_input_throws_at_the_path(string json, string path)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExperimentSpec>(json, SpecJson.Options));

        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Deserialize_name_missing_leaves_it_to_the_validator()
    {
        var spec = JsonSerializer.Deserialize<ExperimentSpec>("""{"repetitions": 2}""", SpecJson.Options)!;

        Assert.Null(spec.Name);
        Assert.Equal(2, spec.Repetitions);
    }
}
