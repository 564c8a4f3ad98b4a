using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MigrationAspire.Contracts;

/// <summary>
/// Reads JSON that was stored before the lab's vocabulary settled (grain state, the analytics store, live sample
/// streams): a field renamed since is read under its new name; writing always uses the new names. Requests never
/// go through this: the API answers a former name with a 400 that names its successor (<see cref="SpecPaths.Renamed"/>).
/// </summary>
public static class FormerNames
{
    /// <summary>Adds the readers of former names to storage options (any casing: grain state is PascalCase, the rest camelCase).</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.Converters.Add(new Upgrading<MigrationSpec>(spec => Rename(spec, "maxIterations", "maxPasses")));
        options.Converters.Add(new Upgrading<MigrationResult>(result =>
        {
            SplitFormerDowntime(result);
            // The count was "iterations" and its per-pass records were "passes"; now "passes" is the count.
            if (Find(result, "iterations") is null)
                return;
            Rename(result, "passes", "passHistory");
            Rename(result, "iterations", "passes");
        }));
        options.Converters.Add(new Upgrading<LiveSample>(sample => Rename(sample, "iterations", "pass")));
        return options;
    }

    /// <summary>
    /// Before, <c>downtimeMs</c> was the lab's pause when the lab paused the guest and QEMU's figure otherwise, and
    /// <c>qemuDowntimeMs</c> always QEMU's: now <c>downtimeMs</c> is QEMU's and the pause, where it differed, <c>hostPauseMs</c>.
    /// </summary>
    private static void SplitFormerDowntime(JsonObject result)
    {
        if (Find(result, "qemuDowntimeMs") is not { } qemuKey)
            return;
        var qemu = result[qemuKey]?.DeepClone();
        result.Remove(qemuKey);
        var downtimeKey = Find(result, "downtimeMs") ?? (char.IsUpper(qemuKey[0]) ? "DowntimeMs" : "downtimeMs");
        var former = result[downtimeKey]?.DeepClone();
        result[downtimeKey] = qemu;
        if (former is not null && !JsonNode.DeepEquals(former, qemu))
            result[Find(result, "hostPauseMs") ?? (char.IsUpper(downtimeKey[0]) ? "HostPauseMs" : "hostPauseMs")] = former;
    }

    /// <summary>Renames <paramref name="from"/> (matched ignoring case) to <paramref name="to"/>, in the casing the object uses.</summary>
    public static void Rename(JsonObject json, string from, string to)
    {
        if (Find(json, from) is not { } key)
            return;
        var value = json[key];
        json.Remove(key);
        json[char.IsUpper(key[0]) ? char.ToUpperInvariant(to[0]) + to[1..] : to] = value;
    }

    public static string? Find(JsonObject json, string name) =>
        json.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads <typeparamref name="T"/> as a JSON object, upgraded first; writes it as the options otherwise would.</summary>
    private sealed class Upgrading<T>(Action<JsonObject> upgrade) : JsonConverter<T> where T : class
    {
        private JsonSerializerOptions? inner;

        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (JsonNode.Parse(ref reader) is not JsonObject json)
                throw new JsonException($"a {typeof(T).Name} must be a JSON object");
            upgrade(json);
            return json.Deserialize<T>(Inner(options));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, Inner(options));

        /// <summary>The same options without this converter, so that reading the upgraded object does not come back here.</summary>
        private JsonSerializerOptions Inner(JsonSerializerOptions outer)
        {
            if (inner is null)
            {
                var copy = new JsonSerializerOptions(outer);
                copy.Converters.Remove(this);
                copy.MakeReadOnly(populateMissingResolver: true);
                inner = copy;
            }
            return inner;
        }
    }
}
