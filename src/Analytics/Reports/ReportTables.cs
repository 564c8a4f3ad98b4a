using System.Text;
using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Summary;
using static MigrationAspire.Analytics.Reports.Html;

namespace MigrationAspire.Analytics.Reports;

/// <summary>The report's tables: groups, every metric's statistics, comparisons, trends and model error.</summary>
internal static class ReportTables
{
    /// <summary>The metrics of the seed study, shown in the overview, comparisons and trends.</summary>
    public static readonly string[] Headline =
        ["downtimeMs", "guestObservedDowntimeMs", "totalTimeMs", "precopyTimeMs", "transferredBytes", "passes"];

    public static void Groups(StringBuilder html, ExperimentSummary summary) => Table(html, "groups",
        ["group", "runs", "completed", "failed", "cancelled", .. Headline.Select(m => $"{m} mean [95 % CI]")],
        summary.Groups.Select(g => (IEnumerable<string>)
        [
            E(g.Key), g.Counts.Total.ToString(), g.Counts.Completed.ToString(), g.Counts.Failed.ToString(), g.Counts.Cancelled.ToString(),
            .. Headline.Select(m => g.Metrics[m] is var s ? $"{Number(s.Mean)} {Interval(s.Ci95Low, s.Ci95High)}" : ""),
        ]));

    public static void Statistics(StringBuilder html, ExperimentSummary summary)
    {
        foreach (var metric in MetricCatalog.Summarized)
        {
            html.Append($"<h3 id=\"stats-{E(metric.Name)}\">{E(metric.Label)}</h3>\n");
            Table(html, null, ["group", "n", "mean", "median", "p95", "min", "max", "stddev", "ci95Low", "ci95High"],
                summary.Groups.Select(g => g.Metrics[metric.Name] is var s
                    ? (IEnumerable<string>)[E(g.Key), s.N.ToString(), Number(s.Mean), Number(s.Median), Number(s.P95),
                        Number(s.Min), Number(s.Max), Number(s.StdDev), Number(s.Ci95Low), Number(s.Ci95High)]
                    : []));
        }
    }

    public static void Comparisons(StringBuilder html, ExperimentSummary summary) => Table(html, "comparisons",
        ["parameter", "ratio of", "at", "metric", "ratio", "95 % CI", "method", "n"],
        summary.Comparisons.SelectMany(c => Headline.Where(c.Metrics.ContainsKey).Select(m => c.Metrics[m] is var r
            ? (IEnumerable<string>)[E(c.Parameter), E($"{c.Numerator} / {c.Denominator}"), E(At(c.At)), E(m),
                Number(r.Ratio), Interval(r.Ci95Low, r.Ci95High), E(r.Method.ToString()), $"{r.NA} / {r.NB}"]
            : [])));

    public static void Trends(StringBuilder html, ExperimentSummary summary) => Table(html, "trends",
        ["parameter", "at", "metric", "slope", "slope 95 % CI", "intercept", "R²", "n"],
        summary.Trends.SelectMany(t => Headline.Where(t.Metrics.ContainsKey).Select(m => t.Metrics[m] is var f
            ? (IEnumerable<string>)[E(t.Parameter), E(At(t.At)), E(m), Number(f.Slope), Interval(f.SlopeCi95Low, f.SlopeCi95High),
                Number(f.Intercept), Number(f.RSquared), f.N.ToString()]
            : [])));

    public static void Model(StringBuilder html, ExperimentSummary summary)
    {
        html.Append("<ul>");
        foreach (var assumption in summary.Model.Assumptions)
        {
            html.Append("<li>").Append(E(assumption)).Append("</li>");
        }

        html.Append("</ul>\n");
        string[] compared = ["totalTimeMs", "downtimeMs", "precopyTimeMs", "transferredBytes"];
        Table(html, "model", ["group", "outcome", "predicted totalTimeMs", "predicted downtimeMs", "predicted transferredBytes",
                .. compared.Select(m => $"mean relative error {m}")],
            summary.Groups.Select(g => g.Model.Prediction is { } p
                ? (IEnumerable<string>)[E(g.Key), E(p.Outcome.ToString()), Number(p.TotalTimeMs), Number(p.DowntimeMs), Number(p.TransferredBytes),
                    .. compared.Select(m => Percent(g.Model.Errors.GetValueOrDefault(m)?.MeanRelativeError))]
                : [E(g.Key), E(g.Model.Unavailable), "", "", "", "", "", "", ""]));
    }

    private static string Percent(double? fraction) => fraction is { } f ? $"{Number(100 * f)} %" : "—";

    private static string At(IReadOnlyDictionary<string, System.Text.Json.JsonElement> at) =>
        at.Count == 0 ? "(all)" : string.Join(", ", at.Select(p => $"{p.Key}={p.Value}"));
}
