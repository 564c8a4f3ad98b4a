using System.Diagnostics;
using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Model;
using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Summary;
using static MigrationAspire.Bench.Measure;

namespace MigrationAspire.Bench;

/// <summary>Where a warm summary spends its time: the queries, then each computation on the loaded groups.</summary>
internal static class SummaryStages
{
    /// <returns>Each stage's median wall time and its CPU per call (both cores), e.g. "trends 12 ms (CPU 11 ms)".</returns>
    public static async Task<string> MeasureAsync(RunStore store, string experiment, int repeats)
    {
        var (groups, runs) = await store.LoadSummaryInputAsync(experiment, CancellationToken.None);
        var layout = SweepLayout.Of(groups);
        var models = groups.Select(g => ModelComparison.For(g, 48)).ToArray();
        (string Name, Func<Task> Stage)[] stages =
        [
            ("load groups (DuckDB)", () => store.LoadGroupsAsync(experiment, CancellationToken.None)),
            ("load groups and outcomes (DuckDB)", () => store.LoadSummaryInputAsync(experiment, CancellationToken.None)),
            ("descriptive statistics", () => Task.FromResult(groups.SelectMany(g => MetricCatalog.Summarized.Select(m => Descriptive.Summarize(g.Values[m.Name]))).Count())),
            ("model error", () => Task.FromResult(groups.Select(g => ModelComparison.For(g, 48)).Count())),
            ("model error per regime", () => Task.FromResult(ModelRegimes.Of(models.Select((m, i) => (m, (IEnumerable<RunOutcome>)runs[i].Outcomes))).Count)),
            ("comparisons", () => Task.FromResult(Comparisons.Of(groups, layout).Count)),
            ("trends", () => Task.FromResult(Trends.Of(groups, layout).Count)),
        ];
        var parts = new List<string>();
        foreach (var (name, stage) in stages)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = (await LatencyAsync(repeats, stage)).Median;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / (repeats + 3);
            parts.Add($"{name} {Ms(wall)} (CPU {Ms(cpu)})");
        }

        return string.Join("; ", parts);
    }
}
