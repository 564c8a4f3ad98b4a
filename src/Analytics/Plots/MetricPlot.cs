using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Summary;
using ScottPlot;

namespace MigrationAspire.Analytics.Plots;

/// <summary>
/// A metric against a swept parameter: each point a group's geometric mean, its error bar the 95 % confidence
/// interval on a log scale (<see cref="LogScale"/>; a group where a run measured 0 gets its arithmetic mean and
/// Student t interval clipped at 0), one series per value of the series path (and of any other path that
/// varies, so that points of different groups never sit on top of each other). The y axis starts at zero, so
/// a 5 % difference looks like one, and reaches past the highest bar.
/// </summary>
public static class MetricPlot
{
    public static Plot Create(string experimentId, Metric metric, IReadOnlyList<GroupData> groups, SweepLayout layout, PlotAxes axes)
    {
        var plot = PlotImage.New();
        plot.Title($"{metric.Name} vs {axes.X?.Path ?? "(no sweep)"} — {experimentId}\nbars: 95 % CI (log scale)");
        plot.XLabel(axes.X?.Path ?? "");
        plot.YLabel(metric.Label);

        var measured = groups
            .Select(g => (Group: g, Stats: Centre(g.Values[metric.Name])))
            .Where(p => p.Stats.Mean is not null)
            .ToList();
        var points = measured.Where(p => PlotImage.Drawable(p.Stats.Mean!.Value) && PlotImage.Drawable(XOf(p.Group, axes))).ToList();
        if (points.Count == 0)
        {
            PlotImage.Empty(plot, measured.Count == 0 ? $"no completed run has {metric.Name}" : $"every group mean of {metric.Name} is beyond ±{PlotImage.MaxDrawable:0e0}");
            return plot;
        }

        PlotImage.NoteLeftOut(plot, measured.Count - points.Count, "group means");

        var numeric = axes.X?.Numeric ?? false;
        var top = 0.0;
        var series = points.GroupBy(p => SeriesLabel(p.Group, layout, axes)).ToList();
        for (var s = 0; s < series.Count; s++)
        {
            // Categories get a small sideways offset per series so error bars stay readable.
            var offset = numeric || series.Count == 1 ? 0 : (s - (series.Count - 1) / 2.0) * 0.1;
            var ordered = series[s]
                .Select(p => (X: XOf(p.Group, axes) + offset, Mean: p.Stats.Mean!.Value, Up: Above(p.Stats), Down: Below(p.Stats)))
                .OrderBy(p => p.X)
                .ToList();
            var xs = ordered.Select(p => p.X).ToArray();
            var ys = ordered.Select(p => p.Mean).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = series[s].Key;
            line.MarkerSize = 7;
            // A line between categories would suggest values in between that do not exist.
            line.LineWidth = numeric ? 1 : 0;
            var bars = plot.Add.ErrorBar(xs, ys, ordered.Select(p => p.Up).ToArray());
            bars.YErrorNegative = ordered.Select(p => p.Down).ToArray();
            bars.Color = line.Color;
            top = Math.Max(top, ordered.Max(p => p.Mean + p.Up));
        }

        if (!numeric && axes.X is { } categorical)
        {
            plot.Axes.Bottom.SetTicks(
                Enumerable.Range(0, categorical.Values.Count).Select(i => (double)i).ToArray(),
                categorical.Values.Select(v => v.Text).ToArray());
        }

        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, top > 0 ? top * 1.1 : 1);
        if (series.Count > 1 || series[0].Key.Length > 0)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        return plot;
    }

    /// <summary>The point and its interval: geometric mean and log-scale bounds where defined, else the arithmetic ones clipped at 0.</summary>
    private static MetricSummary Centre(double[] values)
    {
        var log = LogScale.Of(values);
        if (log.GeometricMean is { } centre)
        {
            return new MetricSummary { N = log.N, Mean = centre, Ci95Low = log.Low, Ci95High = log.High };
        }

        var plain = Descriptive.Summarize(values);
        return plain.N < LogScale.MinimumN
            ? plain with { Ci95Low = null, Ci95High = null }
            : plain with { Ci95Low = plain.Ci95Low is { } low ? Math.Max(0, low) : null };
    }

    private static double Above(MetricSummary stats) =>
        stats is { Ci95High: { } high, Mean: { } mean } && PlotImage.Drawable(high) ? high - mean : 0;

    private static double Below(MetricSummary stats) =>
        stats is { Ci95Low: { } low, Mean: { } mean } && PlotImage.Drawable(low) ? mean - low : 0;

    private static double XOf(GroupData group, PlotAxes axes)
    {
        if (axes.X is not { } x || SweepLayout.ValueOf(group, x.Path) is not { } raw)
        {
            return 0;
        }

        var value = new ParameterValue(raw);
        return x.Numeric ? value.Number!.Value : x.Values.ToList().FindIndex(v => v.Raw == raw);
    }

    private static string SeriesLabel(GroupData group, SweepLayout layout, PlotAxes axes)
    {
        var parts = new List<string>();
        if (axes.Series is { } series && SweepLayout.ValueOf(group, series.Path) is { } raw)
        {
            // "stopcopy" speaks for itself; "512" does not.
            var text = new ParameterValue(raw).Text;
            parts.Add(series.Numeric ? $"{series.Path}={text}" : text);
        }

        parts.AddRange(group.Parameters
            .Where(p => p.Path != axes.X?.Path && p.Path != axes.Series?.Path && layout.Find(p.Path)?.Values.Count >= 2)
            .Select(p => $"{p.Path}={new ParameterValue(p.Value).Text}"));
        return string.Join(", ", parts);
    }
}
