using System.Globalization;
using System.Text;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Summary;
using static MigrationAspire.Analytics.Reports.Html;

namespace MigrationAspire.Analytics.Reports;

/// <summary>The report's front matter (what ran, when, on what) and its closing definitions of every figure.</summary>
internal static class ReportHeader
{
    public static void Facts(StringBuilder html, ExperimentSummary summary, ExperimentFacts? facts)
    {
        var id = Segment(summary.ExperimentId);
        html.Append("<dl id=\"facts\">");
        Item(html, "Experiment", E(facts?.Name ?? "(name not recorded)") + $" · id {E(summary.ExperimentId)}");
        Item(html, "Submitted", E(Time(facts?.SubmittedAt)));
        Item(html, "Ran", E($"{Time(facts?.FirstStartedAt)} to {Time(facts?.LastFinishedAt)}"));
        Item(html, "QEMU", E(List(facts?.QemuVersions)));
        Item(html, "Accelerator", E(List(facts?.Accelerators)));
        Item(html, "Hosts", E(List(facts?.Hosts)));
        // From /api/analytics/experiments/{id}/report, ../../../../ is the API's root, where the live page is.
        Item(html, "See also", $"<a href=\"../../../../experiments/{id}\">live page</a> · <a href=\"summary\">summary (JSON)</a> · " +
            "<a href=\"runs\">runs (JSON)</a> · <a href=\"runs.csv\">runs.csv</a> · <a href=\"runs.parquet\">runs.parquet</a>");
        html.Append("</dl>\n");
        if (facts?.SpecJson is { } spec)
        {
            html.Append("<details><summary>Spec as submitted</summary><pre id=\"spec\">").Append(E(Indented(spec))).Append("</pre></details>\n");
        }
    }

    public static void Definitions(StringBuilder html)
    {
        html.Append("<h2>What each figure means</h2>\n<dl id=\"definitions\">");
        foreach (var metric in ReportTables.Explained)
        {
            var text = MetricText.For(metric);
            Item(html, E(text.Label), E(text.Meaning));
        }

        Item(html, "Interval", E(
            "Tables give the geometric mean with a 95 % interval computed on a log scale: a Student t interval of the mean of ln x, " +
            "taken back with exp. Its bounds are positive and it is skewed upwards like the figures are. A group with fewer than " +
            $"{Statistics.LogScale.MinimumN} completed runs is marked too small for an interval; a group where some run measured 0 (pre-copy time " +
            "of stop-and-copy) has no log scale and shows the arithmetic mean. Statistics per metric give the arithmetic mean and its Student t interval."));
        html.Append("</dl>\n");
    }

    private static void Item(StringBuilder html, string term, string encodedValue) =>
        html.Append("<dt>").Append(term).Append("</dt><dd>").Append(encodedValue).Append("</dd>");

    private static string Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "not recorded";

    private static string List(IReadOnlyList<string>? values) => values is { Count: > 0 } ? string.Join(", ", values) : "not recorded";

    private static string Indented(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return System.Text.Json.JsonSerializer.Serialize(document.RootElement, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
