using static MigrationAspire.Contracts.RunSpecRules;
using static MigrationAspire.Contracts.SpecLimits;

namespace MigrationAspire.Contracts;

/// <summary>
/// Checks an experiment spec before anything is created for it. Errors are keyed by the field's JSON dotted
/// path (<c>vm.memoryMiB</c>, <c>sweep.vm.memoryMiB[1]</c>) and each message names the rule and the value.
/// </summary>
/// <remarks>
/// With a sweep, every combination's run is checked as it would run (a working set that fits 512 MiB may not fit
/// 256 MiB); a broken rule on a swept field is reported at the sweep value, e.g. <c>sweep.vm.memoryMiB[0]</c>, and
/// one on an unswept field names the combinations it fails in. The spec's own values of swept fields are
/// never used, so they are not checked.
/// <para>
/// What a request costs is bounded before anything is read value by value: the number of sweep paths and of runs
/// need only counts, and a sweep that fails them is not looked at further. Messages are capped per field and fields
/// in total, the rest counted under <c>$</c>, and text from the spec is quoted back shortened (<see cref="Echo"/>).
/// </para>
/// </remarks>
public static class ExperimentSpecValidator
{
    /// <summary>Messages kept per field: a sweep can break one rule in hundreds of combinations.</summary>
    private const int MaxMessagesPerField = 5;

    /// <summary>Fields reported; a spec broken in more places gets these first and a count of the rest.</summary>
    private const int MaxFields = 20;

    /// <summary>The key of problems about the spec as a whole: the JSON path of its root.</summary>
    private const string Root = "$";

    /// <returns>Field path → messages; empty when the spec is valid.</returns>
    public static IReadOnlyDictionary<string, string[]> Validate(ExperimentSpec spec, int maxRuns = DefaultMaxRuns)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<FieldError>();
        CheckExperiment(spec, errors);
        if (spec.Vm is null || spec.Workload is null || spec.Migration is null || spec.Network is null)
        {
            foreach (var (path, part) in new (string, object?)[] { ("vm", spec.Vm), ("workload", spec.Workload), ("migration", spec.Migration), ("network", spec.Network) })
                if (part is null)
                    errors.Add(new(path, $"{path} is required."));
            return Collect(errors);
        }

        var sweep = spec.Sweep ?? [];
        if (AxisCountFits(sweep, errors) && RunCountFits(spec, sweep, maxRuns, errors) && SweepShapeRules.Check(sweep, errors))
            CheckRuns(spec, sweep, errors);
        return Collect(errors);
    }

    private static void CheckExperiment(ExperimentSpec spec, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(spec.Name))
            errors.Add(new("name", "name is required: a short label for the experiment."));
        else if (spec.Name.Length > NameMaxLength)
            errors.Add(new("name", Invariant($"name must be at most {NameMaxLength} characters (was {spec.Name.Length}).")));
        else if (FreeText.Problem("name", spec.Name) is { } problem)
            errors.Add(new("name", problem));
        Range(errors, "repetitions", spec.Repetitions, MinRepetitions, MaxRepetitions);
        Range(errors, "maxConcurrentRuns", spec.MaxConcurrentRuns, MinConcurrentRuns, MaxConcurrentRuns);
        if (spec.QueueTimeoutSeconds is { } queueTimeout)
            Range(errors, "queueTimeoutSeconds", queueTimeout, MinQueueTimeoutSeconds, MaxQueueTimeoutSeconds, " s", whenSet: true);
    }

    /// <summary>More paths than there are sweepable fields can only repeat a path or name an unknown one.</summary>
    private static bool AxisCountFits(IReadOnlyList<SweepAxis> sweep, List<FieldError> errors)
    {
        if (sweep.Count <= SpecPaths.Sweepable.Count)
            return true;
        errors.Add(new("sweep", Invariant(
            $"sweep lists {sweep.Count} paths, but only {SpecPaths.Sweepable.Count} fields are sweepable: {string.Join(", ", SpecPaths.Sweepable.Keys)}.")));
        return false;
    }

    private static bool RunCountFits(ExperimentSpec spec, IReadOnlyList<SweepAxis> sweep, int maxRuns, List<FieldError> errors)
    {
        // Even an invalid repetition count (reported already) must not hide a sweep that is too large by itself.
        var repetitions = Math.Max(1, spec.Repetitions);
        var runs = sweep.Aggregate((double)repetitions, (product, axis) => product * (axis.Values?.Count ?? 0));
        if (runs <= maxRuns)
            return true;
        var factors = string.Join(" × ", sweep.Select(a => $"{a.Values?.Count ?? 0} {Echo.Of(a.Path)}").Append($"{repetitions} repetitions"));
        errors.Add(new(sweep.Count == 0 ? "repetitions" : "sweep", Invariant(
            $"The experiment would make {runs} runs ({factors}); at most {maxRuns} runs are allowed per experiment.")));
        return false;
    }

    private static void CheckRuns(ExperimentSpec spec, IReadOnlyList<SweepAxis> sweep, List<FieldError> errors)
    {
        if (sweep.Count == 0)
        {
            errors.AddRange(Check(spec.Vm, spec.Workload, spec.Migration, spec.Network));
            return;
        }

        // Same key and message in several combinations: say so once, naming where it happens.
        var seen = new Dictionary<FieldError, List<string>>();
        var combinations = 0;
        try
        {
            foreach (var combination in SweepCombinations.Enumerate(spec))
            {
                combinations++;
                foreach (var error in Check(combination.Vm, combination.Workload, combination.Migration, combination.Network))
                {
                    var axis = sweep.Select((a, i) => (a.Path, i)).FirstOrDefault(a => a.Path == error.Path);
                    var key = axis.Path is null ? error.Path : $"sweep.{error.Path}[{combination.ValueIndexes[axis.i]}]";
                    var where = new FieldError(key, error.Message);
                    if (!seen.TryGetValue(where, out var labels))
                        seen[where] = labels = [];
                    labels.Add(combination.Label);
                }
            }
        }
        catch (ArgumentException e)
        {
            errors.Add(new("sweep", e.Message));
            return;
        }

        foreach (var (error, labels) in seen)
        {
            var suffix = labels.Count == combinations ? ""
                : labels.Count == 1 ? $" In the sweep combination {labels[0]}."
                : Invariant($" In the sweep combination {labels[0]} and {labels.Count - 1} more.");
            errors.Add(error with { Message = error.Message + suffix });
        }
    }

    private static Dictionary<string, string[]> Collect(List<FieldError> errors)
    {
        var fields = errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToList();
        var collected = fields.Take(MaxFields).ToDictionary<IGrouping<string, FieldError>, string, string[]>(
            g => g.Key,
            g =>
            {
                var messages = g.Select(e => e.Message).Distinct().ToList();
                return messages.Count <= MaxMessagesPerField
                    ? [.. messages]
                    : [.. messages.Take(MaxMessagesPerField), Invariant($"…and {messages.Count - MaxMessagesPerField} more like these.")];
            },
            StringComparer.Ordinal);
        if (fields.Count > MaxFields)
        {
            var rest = fields.Skip(MaxFields).ToList();
            var note = Invariant($"…and {rest.Sum(g => g.Count())} more problems in {rest.Count} more fields ({rest[0].Key} first); fix these first.");
            collected[Root] = collected.TryGetValue(Root, out var messages) ? [.. messages, note] : [note];
        }
        return collected;
    }
}
