using MigrationAspire.Analytics.Plots;
using ScottPlot;

namespace MigrationAspire.Analytics.Studies;

/// <summary>A seed figure: per curve the group means with 95 % CI error bars, and the model's prediction dashed in the same colour.</summary>
public static class FigurePlot
{
    public static Plot Create(string studyId, SeedFigure figure, IReadOnlyList<FigurePoint> points)
    {
        var plot = PlotImage.New();
        plot.Title($"{figure.Id} {figure.Title} — {studyId}");
        plot.XLabel(figure.XPath);
        plot.YLabel(figure.Experiment == Contracts.SeedExperiment.LoadTest ? "pages/s" : "ms");
        var drawable = points.Where(p => PlotImage.Drawable(p.Measured.Mean!.Value)).ToList();
        if (drawable.Count == 0)
        {
            PlotImage.Empty(plot, "no completed run yet");
            return plot;
        }

        foreach (var line in drawable.GroupBy(p => p.Line))
        {
            var xs = line.Select(p => p.X).ToArray();
            var ys = line.Select(p => p.Measured.Mean!.Value).ToArray();
            var measured = plot.Add.Scatter(xs, ys);
            measured.LegendText = line.Key;
            measured.MarkerSize = 7;
            var bars = plot.Add.ErrorBar(xs, ys, line.Select(p => p.Measured.Ci95High is { } high ? high - p.Measured.Mean!.Value : 0).ToArray());
            bars.Color = measured.Color;
            var predicted = line.Where(p => p.Predicted is { } v && PlotImage.Drawable(v)).ToList();
            if (predicted.Count > 0)
            {
                var model = plot.Add.Scatter(predicted.Select(p => p.X).ToArray(), predicted.Select(p => p.Predicted!.Value).ToArray());
                model.LegendText = $"{line.Key}, model";
                model.Color = measured.Color;
                model.LinePattern = LinePattern.Dashed;
                model.MarkerSize = 0;
            }
        }

        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
