using System.Text.Json;
using System.Text.Json.Nodes;

namespace MigrationAspire.Contracts;

/// <summary>One point of a sweep: which value of each axis it takes, and the run's VM, workload, migration and network.</summary>
internal sealed record SweepCombination(
    IReadOnlyList<int> ValueIndexes,
    IReadOnlyList<RunParameter> Parameters,
    VmSpec Vm,
    WorkloadSpec Workload,
    MigrationSpec Migration,
    NetworkSpec Network)
{
    public string Label => Parameters.Count == 0
        ? "(no sweep)"
        : string.Join(", ", Parameters.Select(p => $"{p.Path}={p.Value}"));
}

/// <summary>
/// The cross product of a spec's sweep axes, first axis slowest, each applied through JSON: the run's parts are
/// serialized with <see cref="SpecJson"/>, the swept paths set to their raw values, and the parts read back.
/// </summary>
internal static class SweepCombinations
{
    /// <summary>Every combination in order; a spec without a sweep has exactly one, with no parameters.</summary>
    /// <exception cref="ArgumentException">A path is not sweepable or a value does not fit its field.</exception>
    public static IEnumerable<SweepCombination> Enumerate(ExperimentSpec spec)
    {
        var axes = spec.Sweep;
        if (axes.Count == 0)
        {
            yield return new SweepCombination([], [], spec.Vm, spec.Workload, spec.Migration, spec.Network);
            yield break;
        }
        foreach (var axis in axes)
        {
            if (!SpecPaths.Sweepable.ContainsKey(axis.Path))
                throw new ArgumentException($"sweep.{axis.Path} is not a sweepable field.", nameof(spec));
            if (axis.Values.Count == 0)
                yield break;
        }

        var template = new JsonObject
        {
            ["vm"] = JsonSerializer.SerializeToNode(spec.Vm, SpecJson.Options),
            ["workload"] = JsonSerializer.SerializeToNode(spec.Workload, SpecJson.Options),
            ["migration"] = JsonSerializer.SerializeToNode(spec.Migration, SpecJson.Options),
            ["network"] = JsonSerializer.SerializeToNode(spec.Network, SpecJson.Options),
        };
        // A part no axis touches is the spec's own in every combination: only swept parts go through JSON.
        var swept = axes.Select(a => a.Path[..a.Path.IndexOf('.')]).ToHashSet(StringComparer.Ordinal);
        var indexes = new int[axes.Count];
        while (true)
        {
            yield return Build(spec, template, swept, axes, indexes);
            if (!Advance(indexes, axes))
                yield break;
        }
    }

    /// <summary>Odometer step with the last axis fastest; false after the last combination.</summary>
    private static bool Advance(int[] indexes, IReadOnlyList<SweepAxis> axes)
    {
        for (var i = indexes.Length - 1; i >= 0; i--)
        {
            if (++indexes[i] < axes[i].Values.Count)
                return true;
            indexes[i] = 0;
        }
        return false;
    }

    private static SweepCombination Build(
        ExperimentSpec spec, JsonObject template, HashSet<string> swept, IReadOnlyList<SweepAxis> axes, int[] indexes)
    {
        var run = new JsonObject();
        foreach (var part in swept)
            run[part] = template[part]!.DeepClone();
        var parameters = new RunParameter[axes.Count];
        for (var i = 0; i < axes.Count; i++)
        {
            var raw = axes[i].Values[indexes[i]];
            parameters[i] = new RunParameter { Path = axes[i].Path, Value = raw };
            try
            {
                SpecPaths.Set(run, axes[i].Path, raw);
            }
            catch (JsonException e)
            {
                throw new ArgumentException($"sweep.{axes[i].Path}[{indexes[i]}] is not valid JSON: {e.Message}", e);
            }
        }
        try
        {
            return new SweepCombination(
                [.. indexes], parameters,
                swept.Contains("vm") ? run["vm"].Deserialize<VmSpec>(SpecJson.Options)! : spec.Vm,
                swept.Contains("workload") ? run["workload"].Deserialize<WorkloadSpec>(SpecJson.Options)! : spec.Workload,
                swept.Contains("migration") ? run["migration"].Deserialize<MigrationSpec>(SpecJson.Options)! : spec.Migration,
                swept.Contains("network") ? run["network"].Deserialize<NetworkSpec>(SpecJson.Options)! : spec.Network);
        }
        catch (JsonException e)
        {
            var label = string.Join(", ", parameters.Select(p => $"{p.Path}={p.Value}"));
            throw new ArgumentException($"The sweep combination {label} does not fit the spec: {e.Message}", e);
        }
    }
}
