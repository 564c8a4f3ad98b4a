using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Model;

/// <summary>Runs <see cref="PrecopyModel"/> for a group and measures its error against the group's completed runs.</summary>
public static class ModelComparison
{
    private static readonly (string Metric, Func<ModelPrediction, double> Predicted)[] Compared =
    [
        ("totalTimeMs", p => p.TotalTimeSeconds * 1000),
        ("downtimeMs", p => p.DowntimeSeconds * 1000),
        ("precopyTimeMs", p => p.PrecopyTimeSeconds * 1000),
        ("transferredBytes", p => p.TransferredBytes),
    ];

    /// <summary>
    /// The model for a group. A stored plan may hold anything (an older validator, another client of the grains):
    /// inputs the model refuses make it unavailable with the model's reason, and a predicted figure beyond a
    /// double (1e-303 MiB/s makes the transfer time infinite) is null, with a note, and has no error.
    /// </summary>
    public static ModelSummary For(GroupData group, double guestBaseFootprintMiB)
    {
        var (input, unavailable) = RunModel.InputFor(group.Plan, guestBaseFootprintMiB);
        if (input is null)
        {
            return new ModelSummary { Unavailable = unavailable };
        }

        ModelPrediction prediction;
        try
        {
            prediction = PrecopyModel.Predict(input);
        }
        catch (ArgumentException e)
        {
            return new ModelSummary { Unavailable = $"the run's plan gives the model an input it cannot take: {e.Message.ReplaceLineEndings(" ")}" };
        }

        var predicted = Compared.ToDictionary(c => c.Metric, c => Samples.Finite(c.Predicted(prediction)));
        var notes = predicted.Where(p => p.Value is null)
            .Select(p => $"{p.Key} is beyond what a double holds (the inputs make it infinite), so it is left out, and so is its error.")
            .ToList();
        // Without a pass limit in the plan, a prediction that does not converge describes a switch-over the model forces
        // after its own last pass, which QEMU (no pass cap) never makes: held against the runs, whatever ended them (a time
        // limit, a policy that raised the limit), it would be an error of thousands of percent.
        var unmatched = prediction.Outcome is (ModelOutcome.NonConvergent or ModelOutcome.PassLimitReached) && group.Plan.Migration.MaxPasses is null;
        if (unmatched)
            notes.Add($"The model predicts no convergence at the plan's limit ({prediction.Outcome}); its figures are for a switch-over forced after {input.MaxPasses} passes, which no run makes, so no error is computed against them.");
        return new ModelSummary
        {
            Inputs = new ModelInputView(
                input.MemoryBytes, input.WorkingSetBytes, input.DirtyRateBytesPerSecond, input.BandwidthBytesPerSecond,
                input.DowntimeLimitSeconds * 1000, input.MaxPasses, input.Mode),
            Prediction = new ModelPredictionView(
                prediction.Outcome, prediction.PrecopyPasses, predicted["totalTimeMs"], predicted["downtimeMs"],
                predicted["precopyTimeMs"], predicted["transferredBytes"]),
            Errors = unmatched ? new Dictionary<string, ModelError>() : predicted.Where(p => p.Value is not null)
                .ToDictionary(p => MeasuredAs(p.Key, input.Mode), p => ErrorOf(group.Values[MeasuredAs(p.Key, input.Mode)], p.Value!.Value)),
            Notes = notes,
        };
    }

    /// <summary>
    /// The measured figure a prediction is held against. The model's stop-and-copy downtime is the whole pause,
    /// which QEMU's <c>downtimeMs</c> leaves out: the lab measures it as <c>hostPauseMs</c>.
    /// </summary>
    public static string MeasuredAs(string predicted, MigrationMode mode) =>
        predicted == "downtimeMs" && mode == MigrationMode.Stopcopy ? "hostPauseMs" : predicted;

    /// <summary>The error statistics of one predicted value against measured values; null where they overflow a double.</summary>
    public static ModelError ErrorOf(IReadOnlyCollection<double> measured, double predicted)
    {
        var pool = new ErrorPool();
        foreach (var value in measured)
        {
            pool.Add(value, predicted);
        }

        return pool.Result();
    }

    /// <summary>Errors of any predictions pooled (each run against its own prediction); null where they overflow a double.</summary>
    public static ModelError Pool(IReadOnlyList<PredictionError> errors)
    {
        var pool = new ErrorPool();
        foreach (var error in errors)
        {
            pool.Add(error.Error, error.AbsoluteError, error.RelativeError);
        }

        return pool.Result();
    }
}
