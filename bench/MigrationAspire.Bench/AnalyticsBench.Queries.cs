using Microsoft.Extensions.Options;
using MigrationAspire.Analytics;
using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Model;
using MigrationAspire.Analytics.Plots;
using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Summary;
using static MigrationAspire.Bench.Measure;

namespace MigrationAspire.Bench;

internal sealed partial class AnalyticsBench
{
    private async Task QueriesAsync(RunStore store, IOptions<AnalyticsOptions> options)
    {
        var summaries = new ExperimentSummaries(store, options);
        var what = $"{settings.TotalRuns:N0} runs, {settings.Groups} groups";
        var summary = await LatencyAsync(settings.Repeats, () => summaries.GetAsync(Big, CancellationToken.None));
        Add("summary: whole computation", Ms(summary.Median),
            $"median of {settings.Repeats} ({Ms(summary.Min)}–{Ms(summary.Max)}); first call {Ms(summary.First)}; {what}");
        await SummaryStagesAsync(store, what);

        var plot = await LatencyAsync(settings.Repeats, async () =>
        {
            var groups = await store.LoadGroupsAsync(Big, CancellationToken.None);
            var layout = SweepLayout.Of(groups);
            var axes = PlotAxes.Resolve(layout, null, null).Axes!;
            PlotImage.Render(MetricPlot.Create(Big, MetricCatalog.Find("downtimeMs")!, groups, layout, axes), PlotFormat.Png);
        });
        Add("metric plot (PNG), from the store", Ms(plot.Median), $"median of {settings.Repeats}, {what}");

        foreach (var format in new[] { ExportFormat.Csv, ExportFormat.Parquet })
        {
            long size = 0;
            var export = await LatencyAsync(Math.Min(settings.Repeats, 3), async () =>
            {
                var file = (await store.ExportAsync(Big, format, CancellationToken.None))!;
                size = new FileInfo(file).Length;
                File.Delete(file);
            });
            Add($"export {format}", Ms(export.Median), $"{what}, {size / 1_048_576.0:N1} MiB");
        }
    }

    private async Task SummaryStagesAsync(RunStore store, string what) =>
        Add("summary: stages (medians)", "", await SummaryStages.MeasureAsync(store, Big, settings.Repeats));
}
