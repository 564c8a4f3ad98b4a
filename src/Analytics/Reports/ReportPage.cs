using System.Text;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Summary;
using static MigrationAspire.Analytics.Reports.Html;

namespace MigrationAspire.Analytics.Reports;

/// <summary>
/// One self-contained HTML page per experiment, laid out as a paper reads: what was run and on what, the
/// results, then how each figure was measured. Every link and image is relative to the page's own URL
/// (…/experiments/{id}/report), so the page works unchanged behind the API's /api/analytics proxy.
/// </summary>
public static class ReportPage
{
    private const int MaxTimelines = 12;

    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222;line-height:1.4}
        table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}.wide{overflow-x:auto}
        th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right;vertical-align:top}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
        td small{display:block;color:#555;white-space:nowrap}td small.why{white-space:normal}.small{color:#a15c00}
        figure{display:inline-block;margin:0 1rem 1rem 0;max-width:100%}img{max-width:100%;height:auto;border:1px solid #ddd}li{margin:.2rem 0}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
        pre{background:#f6f6f6;padding:.5rem;overflow-x:auto;font-size:.85rem}
        """;

    public static string Render(ExperimentSummary summary, IReadOnlyList<GroupData> groups, ExperimentFacts? facts)
    {
        var html = new StringBuilder();
        var title = E(facts?.Name is { } name ? $"{name} ({summary.ExperimentId})" : $"Experiment {summary.ExperimentId}");
        html.Append($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>");
        html.Append($"<meta name=\"viewport\" content=\"width=device-width\"><style>{Style}</style></head><body>\n<h1>{title}</h1>\n");
        ReportHeader.Facts(html, summary, facts);
        var c = summary.Counts;
        html.Append($"<p>{c.Total} runs: {c.Completed} completed, {c.Failed} failed, {c.Cancelled} cancelled. ");
        html.Append("Statistics use completed runs only; failed and cancelled runs are counted, never averaged in.</p>\n");
        html.Append("<p>Swept: ").Append(summary.Parameters.Count == 0 ? "nothing"
            : string.Join("; ", summary.Parameters.Select(p => E($"{p.Path} = {string.Join(", ", p.Values.Select(ReportTables.Text))}")))).Append("</p>\n");

        html.Append("<h2>Results</h2>\n");
        ReportTables.Groups(html, summary, groups);
        html.Append("<h2>Plots</h2>\n");
        foreach (var metric in ReportTables.Headline)
        {
            var src = $"plots/{metric}";
            var label = E(MetricText.For(metric).Label);
            html.Append($"<figure><img src=\"{src}.svg\" alt=\"{label} against the swept parameter\" width=\"900\" height=\"540\">");
            html.Append($"<figcaption>{label}: each point a group's mean, its bar the 95 % confidence interval of the mean (Student t), ");
            html.Append($"clipped at 0 · <a href=\"{src}.png\">PNG</a> · <a href=\"{src}.svg\">SVG</a></figcaption></figure>\n");
        }

        html.Append("<h2>Comparisons</h2>\n<p>Ratio of means, each value of a parameter over its first value, other parameters equal; Fieller's 95 % interval.</p>\n");
        ReportTables.Comparisons(html, summary);
        html.Append("<h2>Trends</h2>\n<p>Least-squares line through every completed run against a numeric parameter, other parameters equal.</p>\n");
        ReportTables.Trends(html, summary);
        html.Append("<h2>Model vs measurement</h2>\n");
        ReportTables.Model(html, summary);
        html.Append("<h2>Live forecast quality</h2>\n<p>The ETA each run streamed, scored against its real end at 10, 25, 50 and 75 % of its duration: mean |error| over the time that was left (MAPE), mean signed error, and the share of right verdicts (will it converge?).</p>\n");
        ReportTables.Forecasts(html, summary);
        if (summary.Groups.Any(g => g.Forecast is not null))
            html.Append("<figure><img src=\"forecast.svg\" alt=\"ETA error against how far into the migration it was made\" width=\"900\" height=\"540\">")
                .Append("<figcaption>ETA error · <a href=\"forecast.png\">PNG</a> · <a href=\"forecast.svg\">SVG</a></figcaption></figure>\n");
        html.Append("<h2>Statistics per metric</h2>\n");
        ReportTables.Statistics(html, summary);
        Timelines(html, summary);
        ReportHeader.Definitions(html);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Timelines(StringBuilder html, ExperimentSummary summary)
    {
        var samples = summary.Groups.Where(g => g.FirstCompletedRunId is not null).Take(MaxTimelines).ToList();
        if (samples.Count == 0)
        {
            return;
        }

        html.Append("<h2>Timelines</h2>\n<p>The first completed run of each group, from migrate to the migration's end.</p>\n");
        foreach (var group in samples)
        {
            // From …/experiments/{id}/report, ../../ is /api/analytics/.
            var src = $"../../runs/{Segment(group.FirstCompletedRunId!)}/timeline";
            html.Append($"<figure><img src=\"{src}.svg\" alt=\"timeline of run {E(group.FirstCompletedRunId)}\" loading=\"lazy\" width=\"900\" height=\"540\">");
            html.Append($"<figcaption>{E(ReportTables.Label(group))} · <a href=\"{src}.png\">PNG</a></figcaption></figure>\n");
        }
    }
}
