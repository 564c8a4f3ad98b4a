using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace MigrationAspire.Contracts;

/// <summary>
/// The dotted JSON paths a sweep may vary (<c>vm.memoryMiB</c>, <c>migration.autoConverge.incrementPercent</c>):
/// every scalar field of a run's VM, workload, migration and network, read from the serializer's own metadata so a new
/// field becomes sweepable without a list to keep in step. Experiment-level fields (name, repetitions, …) are not.
/// </summary>
public static class SpecPaths
{
    private static readonly string[] RunSections = ["vm", "workload", "migration", "network"];

    /// <summary>Fields that were renamed: former path → current path. A spec that still uses a former name gets a 400 naming the new one.</summary>
    public static IReadOnlyDictionary<string, string> Renamed { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["migration.maxIterations"] = "migration.maxPasses",
    };

    /// <summary>Every sweepable path and the .NET type its values must deserialize to, in declaration order.</summary>
    public static IReadOnlyDictionary<string, Type> Sweepable { get; } = Discover();

    /// <summary>
    /// Sets <paramref name="path"/> in <paramref name="run"/> (an object with <c>vm</c>, <c>workload</c>,
    /// <c>migration</c> and <c>network</c>) to a raw JSON literal, creating missing objects on the way, e.g. <c>autoConverge</c>.
    /// </summary>
    internal static void Set(JsonObject run, string path, string rawValue)
    {
        var segments = path.Split('.');
        var current = run;
        foreach (var segment in segments[..^1])
        {
            if (current[segment] is not JsonObject child)
                current[segment] = child = new JsonObject();
            current = child;
        }
        current[segments[^1]] = JsonNode.Parse(rawValue);
    }

    /// <summary>A reader-friendly name of what a path's values must be, e.g. "an integer or null".</summary>
    public static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        var core = (underlying ?? type) switch
        {
            var t when t == typeof(int) || t == typeof(long) => "an integer",
            var t when t == typeof(double) || t == typeof(float) || t == typeof(decimal) => "a number",
            var t when t == typeof(bool) => "true or false",
            var t when t == typeof(string) => "a string",
            var t when t.IsEnum => "one of " + string.Join(", ",
                Enum.GetValues(t).Cast<object>().Select(v => JsonSerializer.Serialize(v, t, SpecJson.Options))),
            var t => t.Name,
        };
        return underlying is null ? core : core + " or null";
    }

    private static Dictionary<string, Type> Discover()
    {
        var paths = new Dictionary<string, Type>(StringComparer.Ordinal);
        var spec = SpecJson.Options.GetTypeInfo(typeof(ExperimentSpec));
        foreach (var section in spec.Properties.Where(p => RunSections.Contains(p.Name)))
            AddLeaves(paths, section.Name, section.PropertyType);
        return paths;
    }

    private static void AddLeaves(Dictionary<string, Type> paths, string prefix, Type type)
    {
        foreach (var property in SpecJson.Options.GetTypeInfo(type).Properties)
        {
            var path = $"{prefix}.{property.Name}";
            if (IsScalar(property.PropertyType))
                paths.Add(path, property.PropertyType);
            else if (SpecJson.Options.GetTypeInfo(property.PropertyType).Kind == JsonTypeInfoKind.Object)
                AddLeaves(paths, path, property.PropertyType);
        }
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(decimal) || t == typeof(string);
    }
}
