using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Model;

/// <summary>How a completed run reached its end, for the model's error per regime.</summary>
public enum MigrationRegime
{
    /// <summary>Pre-copy that switched over by QEMU's own rule (a policy may have moved the downtime limit).</summary>
    Converging,

    /// <summary>Pre-copy ended by the run's time or pass limit (paused, switched to post-copy) or by a policy's other action.</summary>
    Limited,

    /// <summary>Post-copy as asked for.</summary>
    Postcopy,

    /// <summary>Stop-and-copy: the whole memory copied with the guest paused.</summary>
    Stopcopy,
}

/// <summary>
/// The model's error over one regime's completed runs, each held against its own group's prediction: the mean
/// relative error (MAPE) of total time and of downtime (the whole pause for stop-and-copy).
/// <see cref="VerdictMisses"/> counts the converging runs the model said would not converge (at the limit they
/// switched over under): its figures for those are a switch-over forced after its last pass, which no run made,
/// so they are left out of the errors rather than counted as errors of thousands of percent.
/// </summary>
public sealed record RegimeError(MigrationRegime Regime, int Runs, ModelError TotalTimeMs, ModelError DowntimeMs, int VerdictMisses = 0);

/// <summary>
/// The pre-copy model (<see cref="PrecopyModel"/>) against every completed run of an experiment, per regime. The model knows
/// QEMU's switch-over rule and nothing of limits or post-copy, so its error outside <see cref="MigrationRegime.Converging"/>
/// says how far a model of pre-copy alone is from what happened.
/// </summary>
public static class ModelRegimes
{
    public static MigrationRegime? Of(StoredRun run) => RunOutcome.Of(run) is { } outcome ? Of(outcome) : null;

    public static MigrationRegime? Of(RunOutcome run)
    {
        if (!run.Completed)
            return null;
        if (run.Mode == MigrationMode.Stopcopy)
            return MigrationRegime.Stopcopy;
        if (run.Converged)
            return MigrationRegime.Converging;
        return run.Mode == MigrationMode.Postcopy && !run.LimitReached && run.PlannedMode == MigrationMode.Postcopy
            ? MigrationRegime.Postcopy
            : MigrationRegime.Limited;
    }

    /// <summary>
    /// Regimes with at least one run, in the enum's order; a group without a prediction adds no run. A converging run whose
    /// convergence policy moved the downtime limit is held against the model at the last limit it set (QEMU's rule
    /// switched over at that limit, not the plan's): a policy run that converged at 900 ms against a plan's 100 ms,
    /// which the model calls non-convergent, would otherwise count as a 6 000 % error of the model.
    /// </summary>
    public static IReadOnlyList<RegimeError> Of(IEnumerable<(ModelSummary Model, IEnumerable<StoredRun> Runs)> groups) =>
        Of(groups.Select(g => (g.Model, g.Runs.Select(RunOutcome.Of).OfType<RunOutcome>())));

    /// <inheritdoc cref="Of(IEnumerable{ValueTuple{ModelSummary, IEnumerable{StoredRun}}})"/>
    public static IReadOnlyList<RegimeError> Of(IEnumerable<(ModelSummary Model, IEnumerable<RunOutcome> Runs)> groups)
    {
        var errors = new Dictionary<MigrationRegime, (ErrorPool Total, ErrorPool Downtime, int Runs, int Misses)>();
        foreach (var (model, runs) in groups)
        {
            if (model.Prediction is not { } groupPrediction)
                continue;
            foreach (var run in runs)
            {
                if (Of(run) is not { } regime)
                    continue;
                var prediction = regime == MigrationRegime.Converging ? AtFinalLimit(model, run.Decisions) ?? groupPrediction : groupPrediction;
                var entry = errors.TryGetValue(regime, out var found) ? found : (Total: new ErrorPool(), Downtime: new ErrorPool(), Runs: 0, Misses: 0);
                if (regime == MigrationRegime.Converging && prediction.Outcome is (ModelOutcome.NonConvergent or ModelOutcome.PassLimitReached))
                {
                    errors[regime] = (entry.Total, entry.Downtime, entry.Runs + 1, entry.Misses + 1);
                    continue;
                }

                if (prediction.TotalTimeMs is { } total && run.TotalTimeMs is { } measuredTotal)
                    entry.Total.Add(measuredTotal, total);
                var measuredDowntime = regime == MigrationRegime.Stopcopy ? run.HostPauseMs : run.DowntimeMs;
                if (prediction.DowntimeMs is { } downtime && measuredDowntime is { } measured)
                    entry.Downtime.Add(measured, downtime);
                errors[regime] = (entry.Total, entry.Downtime, entry.Runs + 1, entry.Misses);
            }
        }

        return [.. Enum.GetValues<MigrationRegime>().Where(errors.ContainsKey)
            .Select(r => new RegimeError(r, errors[r].Runs, errors[r].Total.Result(), errors[r].Downtime.Result(), errors[r].Misses))];
    }

    /// <summary>The model at the limit a policy last set for this run; null when no policy moved it.</summary>
    private static ModelPredictionView? AtFinalLimit(ModelSummary model, IReadOnlyList<PolicyDecision> decisions)
    {
        var moved = decisions
            .LastOrDefault(d => d.Action == ConvergenceAction.SetDowntimeLimit && d.DowntimeLimitMs is not null);
        if (moved is null || model.Inputs is not { } inputs || moved.DowntimeLimitMs == inputs.DowntimeLimitMs)
            return null;
        var prediction = PrecopyModel.Predict(new MigrationModelInput
        {
            MemoryBytes = inputs.MemoryBytes, WorkingSetBytes = inputs.WorkingSetBytes, DirtyRateBytesPerSecond = inputs.DirtyRateBytesPerSecond,
            BandwidthBytesPerSecond = inputs.BandwidthBytesPerSecond, DowntimeLimitSeconds = moved.DowntimeLimitMs!.Value / 1000.0,
            MaxPasses = inputs.MaxPasses, Mode = MigrationMode.Precopy,
        });
        return new ModelPredictionView(prediction.Outcome, prediction.PrecopyPasses, Samples.Finite(prediction.TotalTimeSeconds * 1000),
            Samples.Finite(prediction.DowntimeSeconds * 1000), Samples.Finite(prediction.PrecopyTimeSeconds * 1000), Samples.Finite(prediction.TransferredBytes));
    }
}
