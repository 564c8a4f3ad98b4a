using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Model;
using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Analytics.Summary;

/// <summary>Computes an experiment's summary from the store, on every request: runs keep arriving.</summary>
public sealed class ExperimentSummaries(RunStore store, IOptions<AnalyticsOptions> options)
{
    public async Task<(ExperimentSummary Summary, IReadOnlyList<GroupData> Groups, SweepLayout Layout)?> ComputeAsync(
        string experimentId, CancellationToken cancellationToken)
    {
        var (groups, runs) = await store.LoadSummaryInputAsync(experimentId, cancellationToken);
        if (groups.Count == 0)
        {
            return null;
        }

        using var activity = Telemetry.Analytics.StartActivity("summarize experiment")?.SetTag("experiment.id", experimentId);
        var layout = SweepLayout.Of(groups);
        // The three parts read the groups and never write them; on a large experiment each takes a core's worth.
        var comparisons = Task.Run(() => Comparisons.Of(groups, layout), cancellationToken);
        var trends = Task.Run(() => Trends.Of(groups, layout), cancellationToken);
        var summaries = groups.AsParallel().AsOrdered().WithCancellation(cancellationToken)
            .Select((g, i) => Summarize(g) with { Forecast = ForecastQuality.Of(runs[i].Documented) }).ToArray();
        var byRegime = ModelRegimes.Of(summaries.Select((g, i) => (g.Model, (IEnumerable<RunOutcome>)runs[i].Outcomes)));
        var summary = new ExperimentSummary(
            experimentId,
            RunTally.Sum(groups.Select(g => g.Counts)),
            layout.Paths.Select(p => p.ToView()).ToArray(),
            MetricCatalog.Summarized.ToDictionary(m => m.Name, m => m.Unit),
            summaries,
            await comparisons,
            await trends,
            new ModelNotes("pre-copy (PrecopyModel)", RunModel.Assumptions),
            SummaryLinks.For(experimentId),
            byRegime);
        return (summary, groups, layout);
    }

    public async Task<ExperimentSummary?> GetAsync(string experimentId, CancellationToken cancellationToken) =>
        (await ComputeAsync(experimentId, cancellationToken))?.Summary;

    private GroupSummary Summarize(GroupData group) => new(
        group.Key,
        SweepLayout.Others(group),
        group.Counts,
        MetricCatalog.Summarized.ToDictionary(m => m.Name, m => Descriptive.Summarize(group.Values[m.Name])),
        ModelComparison.For(group, options.Value.GuestBaseFootprintMiB),
        group.FirstCompletedRunId);
}
