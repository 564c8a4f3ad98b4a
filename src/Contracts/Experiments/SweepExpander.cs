namespace MigrationAspire.Contracts;

/// <summary>Turns an experiment spec into its runs: the sweep's cross product, each repeated.</summary>
public static class SweepExpander
{
    /// <summary>
    /// The runs of <paramref name="spec"/>, in a stable order:
    /// <list type="number">
    /// <item>repetition outermost: every sweep group once, then every group again, so drift over a long experiment
    /// (a warming host, a filling disk) spreads evenly over the groups instead of biasing the last ones;</item>
    /// <item>within a repetition, the sweep axes in declaration order, the first axis slowest (an odometer).</item>
    /// </list>
    /// <see cref="RunPlan.Index"/> counts from 0 in that order and <see cref="RunPlan.RunId"/> is
    /// <see cref="RunPlan.MakeRunId"/>. Parameters keep the sweep's order and its raw JSON values exactly as
    /// written. Without a sweep there are <see cref="ExperimentSpec.Repetitions"/> runs with no parameters.
    /// </summary>
    /// <remarks>Expects a spec <see cref="ExperimentSpecValidator"/> accepted; fewer than one repetition yields no runs.</remarks>
    /// <exception cref="ArgumentException">A sweep path is unknown or a value does not fit its field.</exception>
    public static IReadOnlyList<RunPlan> Expand(string experimentId, ExperimentSpec spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        var groups = SweepCombinations.Enumerate(spec).ToList();
        var runs = new List<RunPlan>(groups.Count * Math.Max(0, spec.Repetitions));
        for (var repetition = 0; repetition < spec.Repetitions; repetition++)
        {
            foreach (var group in groups)
            {
                var index = runs.Count;
                runs.Add(new RunPlan
                {
                    RunId = RunPlan.MakeRunId(experimentId, index),
                    ExperimentId = experimentId,
                    Index = index,
                    Repetition = repetition,
                    Parameters = group.Parameters,
                    Vm = group.Vm,
                    Workload = group.Workload,
                    Migration = group.Migration,
                    Network = group.Network,
                });
            }
        }
        return runs;
    }
}
