namespace MigrationAspire.Contracts;

/// <summary>One run of an experiment: the spec with the sweep values applied.</summary>
[GenerateSerializer, Immutable]
public sealed record RunPlan
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string ExperimentId { get; init; }

    /// <summary>Position in the experiment's stable run order, from 0.</summary>
    [Id(2)] public required int Index { get; init; }

    /// <summary>Which repetition of its sweep group this run is, from 0.</summary>
    [Id(3)] public required int Repetition { get; init; }

    /// <summary>The swept values of this run, in sweep order; runs with equal values form a group.</summary>
    [Id(4)] public required IReadOnlyList<RunParameter> Parameters { get; init; }

    [Id(5)] public required VmSpec Vm { get; init; }
    [Id(6)] public required WorkloadSpec Workload { get; init; }
    [Id(7)] public required MigrationSpec Migration { get; init; }
    /// <summary>Not required: a plan stored before the network existed runs on the plain link.</summary>
    [Id(40)] public NetworkSpec Network { get; init; } = new();

    /// <summary>A readable, stable key of the sweep group, e.g. <c>migration.mode="precopy" vm.memoryMiB=256</c>.</summary>
    public string GroupKey => Parameters.Count == 0
        ? "(all)"
        : string.Join(' ', Parameters.Select(p => $"{p.Path}={p.Value}"));

    public static string MakeRunId(string experimentId, int index) => $"{experimentId}-{index:D4}";

    /// <summary>Splits a run id into its experiment id and index; false when it is not one.</summary>
    public static bool TryParseRunId(string runId, out string experimentId, out int index)
    {
        experimentId = "";
        index = -1;
        var dash = runId.LastIndexOf('-');
        if (dash <= 0 || !int.TryParse(runId.AsSpan(dash + 1), System.Globalization.NumberStyles.None, null, out index))
            return false;
        experimentId = runId[..dash];
        return true;
    }
}
