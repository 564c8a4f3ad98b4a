using System.Text.Json;
using System.Text.Json.Nodes;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Validation;

/// <summary>Specs for tests: a small valid one, and that one with a JSON patch merged in.</summary>
internal static class Specs
{
    public const string ValidJson = """
        {
          "name": "test",
          "vm": { "memoryMiB": 512, "vcpus": 1 },
          "workload": { "workingSetMiB": 64, "dirtyRatePagesPerSecond": 5000, "pattern": "sequential" },
          "migration": { "mode": "precopy", "maxBandwidthMiBps": 64, "downtimeLimitMs": 300 },
          "repetitions": 2
        }
        """;

    public static ExperimentSpec Valid() => Parse(ValidJson);

    public static ExperimentSpec Parse(string json) =>
        JsonSerializer.Deserialize<ExperimentSpec>(json, SpecJson.Options) ?? throw new InvalidOperationException("null spec");

    /// <summary>The valid spec with <paramref name="patchJson"/> merged in, objects recursively.</summary>
    public static ExperimentSpec With(string patchJson) => Parse(WithJson(patchJson));

    public static string WithJson(string patchJson)
    {
        var spec = JsonNode.Parse(ValidJson)!.AsObject();
        Merge(spec, JsonNode.Parse(patchJson)!.AsObject());
        return spec.ToJsonString();
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            if (value is JsonObject child && target[name] is JsonObject existing && name != "sweep")
                Merge(existing, child);
            else
                target[name] = value?.DeepClone();
        }
    }
}
