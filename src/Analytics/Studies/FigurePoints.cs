using MigrationAspire.Analytics.Model;
using MigrationAspire.Analytics.Statistics;

namespace MigrationAspire.Analytics.Studies;

/// <summary>One point of a figure: a group's mean with its interval, and the pre-copy model's prediction with its error.</summary>
public sealed record FigurePoint(string Line, double X, MetricSummary Measured, double? Predicted, double? MeanRelativeError);

public static class FigurePoints
{
    public static IReadOnlyList<FigurePoint> Of(SeedFigure figure, StudyData data, double guestBaseFootprintMiB) =>
        figure.Lines.SelectMany(line => data.Of(figure.Experiment, line.Mode)
            .Select(g => (Group: g, X: StudyData.X(g, figure.XPath)))
            .Where(p => p.X is not null)
            .Select(p =>
            {
                var values = StudyData.Values(p.Group, line.Metric);
                var model = ModelComparison.For(p.Group, guestBaseFootprintMiB);
                var predicted = Predicted(model.Prediction, line.Metric);
                return new FigurePoint(line.Label, p.X!.Value, Descriptive.Summarize(values), predicted,
                    predicted is { } value ? ModelComparison.ErrorOf(values, value).MeanRelativeError : null);
            }))
            .Where(p => p.Measured.N > 0)
            .OrderBy(p => p.Line).ThenBy(p => p.X)
            .ToList();

    private static double? Predicted(ModelPredictionView? prediction, string metric) => metric switch
    {
        "totalTimeMs" => prediction?.TotalTimeMs,
        "precopyTimeMs" => prediction?.PrecopyTimeMs,
        "downtimeMs" => prediction?.DowntimeMs,
        _ => null,
    };
}
