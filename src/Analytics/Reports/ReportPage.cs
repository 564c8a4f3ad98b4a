using System.Text;
using MigrationAspire.Analytics.Summary;
using static MigrationAspire.Analytics.Reports.Html;

namespace MigrationAspire.Analytics.Reports;

/// <summary>
/// One self-contained HTML page per experiment. Every link and image is relative to the page's own URL
/// (…/experiments/{id}/report), so the page works unchanged behind the API's /api/analytics proxy.
/// </summary>
public static class ReportPage
{
    private const int MaxTimelines = 12;

    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
        th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}
        figure{display:inline-block;margin:0 1rem 1rem 0}img{max-width:100%;border:1px solid #ddd}li{margin:.2rem 0}
        """;

    public static string Render(ExperimentSummary summary)
    {
        var html = new StringBuilder();
        var id = E(summary.ExperimentId);
        html.Append($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Experiment {id}</title>");
        html.Append($"<style>{Style}</style></head><body>\n<h1>Experiment {id}</h1>\n");
        var c = summary.Counts;
        html.Append($"<p>{c.Total} runs: {c.Completed} completed, {c.Failed} failed, {c.Cancelled} cancelled. ");
        html.Append("Statistics use completed runs only; failed and cancelled runs are counted, never averaged in. ");
        html.Append("<a href=\"summary\">summary (JSON)</a> · <a href=\"runs\">runs (JSON)</a> · ");
        html.Append("<a href=\"runs.csv\">runs.csv</a> · <a href=\"runs.parquet\">runs.parquet</a></p>\n");
        html.Append("<p>Swept: ").Append(summary.Parameters.Count == 0 ? "nothing"
            : string.Join("; ", summary.Parameters.Select(p => E($"{p.Path} = {string.Join(", ", p.Values)}")))).Append("</p>\n");

        html.Append("<h2>Groups</h2>\n");
        ReportTables.Groups(html, summary);
        html.Append("<h2>Plots</h2>\n<p>Group means with 95 % confidence intervals.</p>\n");
        foreach (var metric in ReportTables.Headline)
        {
            var src = $"plots/{metric}";
            html.Append($"<figure><img src=\"{src}.svg\" alt=\"{metric} against the swept parameter\" width=\"900\" height=\"540\">");
            html.Append($"<figcaption>{metric} · <a href=\"{src}.png\">PNG</a> · <a href=\"{src}.svg\">SVG</a></figcaption></figure>\n");
        }

        html.Append("<h2>Comparisons</h2>\n<p>Ratio of means, each value of a parameter over its first value, other parameters equal; Fieller's 95 % interval.</p>\n");
        ReportTables.Comparisons(html, summary);
        html.Append("<h2>Trends</h2>\n<p>Least-squares line through every completed run against a numeric parameter, other parameters equal.</p>\n");
        ReportTables.Trends(html, summary);
        html.Append("<h2>Model vs measurement</h2>\n");
        ReportTables.Model(html, summary);
        html.Append("<h2>Statistics per metric</h2>\n");
        ReportTables.Statistics(html, summary);
        Timelines(html, summary);
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

        html.Append("<h2>Timelines</h2>\n<p>The first completed run of each group.</p>\n");
        foreach (var group in samples)
        {
            // From …/experiments/{id}/report, ../../ is /api/analytics/.
            var src = $"../../runs/{Segment(group.FirstCompletedRunId!)}/timeline";
            html.Append($"<figure><img src=\"{src}.svg\" alt=\"timeline of run {E(group.FirstCompletedRunId)}\" loading=\"lazy\" width=\"900\" height=\"540\">");
            html.Append($"<figcaption>{E(group.Key)} · <a href=\"{src}.png\">PNG</a></figcaption></figure>\n");
        }
    }
}
