using System.Text.Json;
using MigrationAspire.Analytics.Storage;

namespace MigrationAspire.Analytics.Summary;

/// <summary>A swept path and the values it takes, in sweep order.</summary>
public sealed record SweptPath(string Path, IReadOnlyList<ParameterValue> Values)
{
    /// <summary>Every value is a JSON number: trends and numeric plot axes need that.</summary>
    public bool Numeric => Values.All(v => v.Number is not null);

    public SweptParameter ToView() => new(Path, Values.Select(v => v.Json).ToArray(), Numeric);
}

/// <summary>What the summary shows of a swept path.</summary>
public sealed record SweptParameter(string Path, IReadOnlyList<JsonElement> Values, bool Numeric);

/// <summary>The swept paths of an experiment as its stored groups reveal them, and group lookups by value.</summary>
public sealed class SweepLayout
{
    private SweepLayout(IReadOnlyList<SweptPath> paths) => Paths = paths;

    public IReadOnlyList<SweptPath> Paths { get; }

    public SweptPath? Find(string path) => Paths.FirstOrDefault(p => p.Path == path);

    /// <summary>Paths and values in order of first appearance; groups come in run order, which is sweep order.</summary>
    public static SweepLayout Of(IEnumerable<GroupData> groups)
    {
        var values = new Dictionary<string, List<ParameterValue>>();
        var order = new List<string>();
        foreach (var parameter in groups.SelectMany(g => g.Parameters))
        {
            if (!values.TryGetValue(parameter.Path, out var list))
            {
                values[parameter.Path] = list = [];
                order.Add(parameter.Path);
            }

            if (!list.Any(v => v.Raw == parameter.Value))
            {
                list.Add(new ParameterValue(parameter.Value));
            }
        }

        return new SweepLayout(order.Select(p => new SweptPath(p, values[p])).ToArray());
    }

    /// <summary>The raw value a group has for a path, or null.</summary>
    public static string? ValueOf(GroupData group, string path) =>
        group.Parameters.FirstOrDefault(p => p.Path == path)?.Value;

    /// <summary>A key of a group's values for every path except <paramref name="excluded"/>: "at equal other parameters".</summary>
    public static string OthersKey(GroupData group, params string[] excluded) =>
        string.Join('\u001f', group.Parameters.Where(p => !excluded.Contains(p.Path)).Select(p => $"{p.Path}={p.Value}"));

    /// <summary>The other paths' values of a group as a JSON map.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Others(GroupData group, params string[] excluded) =>
        group.Parameters.Where(p => !excluded.Contains(p.Path)).ToDictionary(p => p.Path, p => new ParameterValue(p.Value).Json);
}
