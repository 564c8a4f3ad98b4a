using System.Text.Json;

namespace MigrationAspire.Contracts;

/// <summary>
/// The rules for a sweep itself, before any run is built from it: known paths, each listed once, non-empty
/// arrays of values that fit the field, no value twice in one axis.
/// </summary>
/// <remarks>
/// The validator checks the sweep's size (paths, runs) first; these checks read every value, so they run only on a
/// sweep small enough to run, and each value costs one parse and one hash lookup.
/// </remarks>
internal static class SweepShapeRules
{
    /// <returns>True when the sweep can be expanded.</returns>
    public static bool Check(IReadOnlyList<SweepAxis> sweep, List<FieldError> errors)
    {
        var before = errors.Count;
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var axis in sweep)
        {
            var key = $"sweep.{Echo.Of(axis.Path)}";
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
        var parsed = new List<object?>(axis.Values.Count);
        var positions = new List<int>(axis.Values.Count);
        for (var i = 0; i < axis.Values.Count; i++)
        {
            var raw = axis.Values[i];
            try
            {
                parsed.Add(JsonSerializer.Deserialize(raw, type, SpecJson.Options));
                positions.Add(i);
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                var key = $"sweep.{axis.Path}[{i}]";
                errors.Add(new(key, $"{key} must be {SpecPaths.Describe(type)}, like the field {axis.Path} (was {Echo.Of(raw)})."));
            }
        }
        foreach (var (at, earlier) in Repeats(parsed))
        {
            var key = $"sweep.{axis.Path}[{positions[at]}]";
            errors.Add(new(key, $"{key} repeats sweep.{axis.Path}[{positions[earlier]}] ({Echo.Of(axis.Values[positions[at]])}); each value may appear once per axis."));
        }
    }

    /// <summary>
    /// Every value equal to an earlier one, with the position of its first occurrence. Values are compared as the
    /// field's type (256 and 256.0, or "precopy" and "Precopy", are one value) by hash, not pair by pair.
    /// </summary>
    internal static IEnumerable<(int Index, int Earlier)> Repeats(IReadOnlyList<object?> values)
    {
        var first = new Dictionary<object, int>();
        var firstNull = -1;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } value)
            {
                if (firstNull >= 0)
                    yield return (i, firstNull);
                else
                    firstNull = i;
            }
            else if (!first.TryAdd(value, i))
                yield return (i, first[value]);
        }
    }
}
