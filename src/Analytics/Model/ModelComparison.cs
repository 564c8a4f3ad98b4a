using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;

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

    public static ModelSummary For(GroupData group, double guestBaseFootprintMiB)
    {
        var (input, unavailable) = RunModel.InputFor(group.Plan, guestBaseFootprintMiB);
        if (input is null)
        {
            return new ModelSummary { Unavailable = unavailable };
        }

        var prediction = PrecopyModel.Predict(input);
        var errors = Compared.ToDictionary(c => c.Metric, c => ErrorOf(group.Values[c.Metric], c.Predicted(prediction)));
        return new ModelSummary
        {
            Inputs = new ModelInputView(
                input.MemoryBytes, input.WorkingSetBytes, input.DirtyRateBytesPerSecond, input.BandwidthBytesPerSecond,
                input.DowntimeLimitSeconds * 1000, input.MaxPasses, input.Mode),
            Prediction = new ModelPredictionView(
                prediction.Outcome, prediction.PrecopyPasses, prediction.TotalTimeSeconds * 1000,
                prediction.DowntimeSeconds * 1000, prediction.PrecopyTimeSeconds * 1000, prediction.TransferredBytes),
            Errors = errors,
        };
    }

    /// <summary>The error statistics of one predicted value against measured values.</summary>
    public static ModelError ErrorOf(IReadOnlyCollection<double> measured, double predicted)
    {
        if (measured.Count == 0)
        {
            return new ModelError(0, 0, null, null, null);
        }

        var errors = measured.Select(m => PredictionError.Of(m, predicted)).ToList();
        var relative = errors.Where(e => e.RelativeError is not null).Select(e => e.RelativeError!.Value).ToList();
        return new ModelError(
            errors.Count,
            relative.Count,
            relative.Count > 0 ? relative.Average() : null,
            errors.Average(e => e.Error),
            errors.Average(e => e.AbsoluteError));
    }
}
