using MigrationAspire.Analytics.Storage;
using MigrationAspire.Contracts;
using ScottPlot;

namespace MigrationAspire.Analytics.Plots;

/// <summary>
/// A run's migration over time, as QEMU's guestperf draws it: memory still to send, the guest's dirty
/// rate and the migration throughput, each on its own axis, with a marker where each pre-copy pass began
/// and lines where the guest was paused and where the migration ended. Live samples give the curves when
/// Redis still has them; otherwise the passes alone do.
/// </summary>
public static class TimelinePlot
{
    private const double MiB = 1024 * 1024;
    private const int MaxPassLabels = 40;

    private readonly record struct Point(double Seconds, double RemainingMiB, double DirtyPagesRate, double ThroughputMbps);

    public static Plot Create(StoredRun run, IReadOnlyList<LiveSample> samples)
    {
        var plot = PlotImage.New();
        var passes = run.Result?.PassHistory ?? [];
        plot.Title($"{run.RunId} — {StoreJson.Name(run.Plan.Migration.Mode)}, {StoreJson.Name(run.Status)}");
        plot.XLabel("time since migrate (s)");
        if (samples.Count == 0 && passes.Count == 0)
        {
            PlotImage.Empty(plot, "no live samples and no passes were recorded");
            return plot;
        }

        var all = (samples.Count > 0
                ? samples.Select(s => new Point(s.AtMs / 1000, s.RemainingBytes / MiB, s.DirtyPagesRate, s.ThroughputMbps))
                : passes.Select(p => new Point(p.AtMs / 1000, p.RemainingBytes / MiB, p.DirtyPagesRate, p.ThroughputMbps)))
            .ToList();
        // Nothing past the migration's end: a last sample after completion shows a throughput that no longer exists.
        var end = run.Result is { TotalTimeMs: var total } && PlotImage.Drawable(total) && total > 0 ? total / 1000 : double.PositiveInfinity;
        var points = all.Where(Drawable).Where(p => p.Seconds <= end).OrderBy(p => p.Seconds).ToArray();
        passes = passes.Where(p => PlotImage.Drawable(p.AtMs) && PlotImage.Drawable(p.RemainingBytes)).ToList();
        if (points.Length == 0)
        {
            PlotImage.Empty(plot, $"none of the {all.Count} recorded points can be drawn (not numbers, or beyond ±{PlotImage.MaxDrawable:0e0})");
            return plot;
        }

        PlotImage.NoteLeftOut(plot, all.Count - points.Length, "points");
        var seconds = points.Select(p => p.Seconds).ToArray();

        var remaining = plot.Add.ScatterLine(seconds, points.Select(p => p.RemainingMiB).ToArray());
        remaining.LegendText = "remaining (MiB)";
        plot.Axes.Left.Label.Text = "remaining (MiB)";
        plot.Axes.Left.Label.ForeColor = remaining.Color;

        // A series that is zero throughout (no dirty rate before the first pass of stop-and-copy) says nothing and
        // would get an axis of its own with a made-up range: it is left out, and the legend says so.
        var throughputs = points.Select(p => p.ThroughputMbps).ToArray();
        if (throughputs.Any(v => v != 0))
        {
            var throughput = plot.Add.ScatterLine(seconds, throughputs);
            throughput.LegendText = "throughput (Mbit/s)";
            throughput.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "throughput (Mbit/s)";
            plot.Axes.Right.Label.ForeColor = throughput.Color;
        }

        var rates = points.Select(p => p.DirtyPagesRate).ToArray();
        if (rates.Any(v => v != 0))
        {
            var dirtyAxis = plot.Axes.AddRightAxis();
            var dirty = plot.Add.ScatterLine(seconds, rates);
            dirty.LegendText = "dirty rate (pages/s)";
            dirty.Axes.YAxis = dirtyAxis;
            dirtyAxis.LabelText = "dirty rate (pages/s)";
            dirtyAxis.LabelFontColor = dirty.Color;
        }

        AddPasses(plot, passes.Where(p => p.AtMs / 1000 <= end).ToList(), remaining.Color);
        AddPhases(plot, run.Result);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static bool Drawable(Point p) =>
        PlotImage.Drawable(p.Seconds) && PlotImage.Drawable(p.RemainingMiB) && PlotImage.Drawable(p.DirtyPagesRate) && PlotImage.Drawable(p.ThroughputMbps);

    private static void AddPasses(Plot plot, IReadOnlyList<PassRecord> passes, Color color)
    {
        if (passes.Count == 0)
        {
            return;
        }

        var markers = plot.Add.Markers(
            passes.Select(p => p.AtMs / 1000).ToArray(),
            passes.Select(p => p.RemainingBytes / MiB).ToArray(),
            MarkerShape.FilledCircle, 8, color);
        markers.LegendText = "pass start";
        if (passes.Count > MaxPassLabels)
        {
            return;
        }

        foreach (var pass in passes)
        {
            var label = plot.Add.Text($"{pass.Pass}", pass.AtMs / 1000, pass.RemainingBytes / MiB);
            label.LabelFontSize = 11;
            label.LabelAlignment = Alignment.LowerLeft;
        }
    }

    private static void AddPhases(Plot plot, MigrationResult? result)
    {
        if (result is null)
        {
            return;
        }

        // Stop-and-copy pauses the guest before migrate: its pause is at 0 and lasts the whole transfer.
        var paused = result.Mode == MigrationMode.Stopcopy ? 0 : result.PrecopyTimeMs;
        if ((paused > 0 || result.Mode == MigrationMode.Stopcopy) && PlotImage.Drawable(paused))
        {
            var pause = plot.Add.VerticalLine(paused / 1000, 1, Colors.Gray, LinePattern.Dashed);
            pause.LegendText = result.Mode == MigrationMode.Stopcopy ? "guest paused (before migrate)" : "guest paused";
        }

        if (PlotImage.Drawable(result.TotalTimeMs))
        {
            var end = plot.Add.VerticalLine(result.TotalTimeMs / 1000, 1, Colors.Black, LinePattern.Dotted);
            end.LegendText = "migration done";
        }
    }
}
