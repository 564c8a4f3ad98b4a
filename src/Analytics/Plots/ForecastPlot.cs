using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Summary;
using ScottPlot;

namespace MigrationAspire.Analytics.Plots;

/// <summary>The live ETA's error (MAPE over the time left) against how far into the migration it was made, one line per group.</summary>
public static class ForecastPlot
{
    public static Plot Create(ExperimentSummary summary)
    {
        var plot = PlotImage.New();
        plot.Title($"Live ETA error · {summary.ExperimentId}");
        plot.XLabel("forecast made at % of the real duration");
        plot.YLabel("mean |ETA error| / time left (%)");
        var drawn = 0;
        foreach (var group in summary.Groups.Where(g => g.Forecast is not null))
        {
            var points = group.Forecast!.Checkpoints.Where(c => c.MeanAbsoluteRelativeError is not null).ToList();
            if (points.Count == 0)
                continue;
            var line = plot.Add.Scatter(points.Select(c => 100 * c.Fraction).ToArray(), points.Select(c => 100 * c.MeanAbsoluteRelativeError!.Value).ToArray());
            line.LegendText = $"{group.Key} (n {points.Max(c => c.N)})";
            drawn++;
        }
        if (drawn == 0)
            plot.Add.Annotation("no run had an ETA to score (none forecast convergence and converged)");
        plot.Axes.SetLimitsX(0, 100);
        plot.ShowLegend();
        return plot;
    }
}
