using System.Text.Json;

namespace MigrationAspire.Contracts;

/// <summary>
/// The rules for a sweep itself, before any run is built from it: known paths, each listed once, non-empty
/// arrays of values that fit the field, no value twice in one axis.
/// </summary>
internal static class SweepShapeRules
{
    /// <returns>True when the sweep can be expanded.</returns>
    public static bool Check(IReadOnlyList<SweepAxis> sweep, List<FieldError> errors)
    {
        var before = errors.Count;
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var axis in sweep)
        {
            var key = $"sweep.{axis.Path}";
            if (!paths.Add(axis.Path))
                errors.Add(new(key, $"{key} is listed more than once; give each path one array of values."));
            else if (SpecPaths.Renamed.TryGetValue(axis.Path, out var renamed))
                errors.Add(new(key, $"{key}: '{axis.Path}' was renamed to '{renamed}'; sweep '{renamed}' instead."));
            else if (!SpecPaths.Sweepable.TryGetValue(axis.Path, out var type))
                errors.Add(new(key, $"{key} is not a sweepable field. A sweep varies one run setting, one of: {string.Join(", ", SpecPaths.Sweepable.Keys)}."));
            else if (axis.Values is not { Count: > 0 })
                errors.Add(new(key, $"{key} must list at least one value."));
            else
                CheckValues(axis, type, errors);
        }
        return errors.Count == before;
    }

    private static void CheckValues(SweepAxis axis, Type type, List<FieldError> errors)
    {
        var parsed = new List<(object? Value, int Index)>();
        for (var i = 0; i < axis.Values.Count; i++)
        {
            var key = $"sweep.{axis.Path}[{i}]";
            var raw = axis.Values[i];
            object? value;
            try
            {
                value = JsonSerializer.Deserialize(raw, type, SpecJson.Options);
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                errors.Add(new(key, $"{key} must be {SpecPaths.Describe(type)}, like the field {axis.Path} (was {raw})."));
                continue;
            }
            // Compared as the field's type: 256 and 256.0, or "precopy" and "Precopy", are one value.
            var earlier = parsed.FindIndex(p => Equals(p.Value, value));
            if (earlier >= 0)
                errors.Add(new(key, $"{key} repeats sweep.{axis.Path}[{parsed[earlier].Index}] ({raw}); each value may appear once per axis."));
            else
                parsed.Add((value, i));
        }
    }
}
