using System.Text.Json;
using MigrationAspire.Analytics.Model;
using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;

namespace MigrationAspire.Analytics.Summary;

/// <summary>The statistics of one experiment, as <c>GET /api/analytics/experiments/{id}/summary</c> returns them.</summary>
public sealed record ExperimentSummary(
    string ExperimentId,
    RunTally Counts,
    IReadOnlyList<SweptParameter> Parameters,
    IReadOnlyDictionary<string, string> Units,
    IReadOnlyList<GroupSummary> Groups,
    IReadOnlyList<Comparison> Comparisons,
    IReadOnlyList<Trend> Trends,
    ModelNotes Model,
    SummaryLinks Links,
    IReadOnlyList<RegimeError>? ModelByRegime = null);

/// <summary>One sweep group: its swept values, how its runs ended, statistics of its completed runs, and how good
/// the live forecast was (<see cref="ForecastQuality"/>; null when no run made one).</summary>
public sealed record GroupSummary(
    string Key,
    IReadOnlyDictionary<string, JsonElement> Parameters,
    RunTally Counts,
    IReadOnlyDictionary<string, MetricSummary> Metrics,
    ModelSummary Model,
    string? FirstCompletedRunId,
    ForecastQuality? Forecast = null);

/// <summary>
/// mean(metric | parameter = numerator) / mean(metric | parameter = denominator) with every other swept
/// parameter equal to <see cref="At"/>; the denominator is the parameter's first swept value.
/// </summary>
public sealed record Comparison(
    string Parameter,
    JsonElement Numerator,
    JsonElement Denominator,
    IReadOnlyDictionary<string, JsonElement> At,
    IReadOnlyDictionary<string, RatioEstimate> Metrics);

/// <summary>Least-squares lines of each metric against a numeric swept parameter, every run one point, others equal to <see cref="At"/>.</summary>
public sealed record Trend(
    string Parameter,
    IReadOnlyDictionary<string, JsonElement> At,
    IReadOnlyDictionary<string, TrendFit> Metrics);

public sealed record ModelNotes(string Name, IReadOnlyList<string> Assumptions);

public sealed record SummaryLinks(string Report, string Runs, string Csv, string Parquet, string Plot)
{
    public static SummaryLinks For(string experimentId)
    {
        var root = $"/api/analytics/experiments/{Uri.EscapeDataString(experimentId)}";
        return new($"{root}/report", $"{root}/runs", $"{root}/runs.csv", $"{root}/runs.parquet", $"{root}/plots/downtimeMs.svg");
    }
}
