using System.Text;
using System.Text.Json;
using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Model;
using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Summary;
using static MigrationAspire.Analytics.Reports.Html;

namespace MigrationAspire.Analytics.Reports;

/// <summary>The report's tables: groups, every metric's statistics, comparisons, trends and model error; figures in the units people read.</summary>
internal static class ReportTables
{
    /// <summary>The metrics of the seed study, shown in the overview, comparisons and trends.</summary>
    public static readonly string[] Headline =
        ["downtimeMs", "guestObservedDowntimeMs", "totalTimeMs", "precopyTimeMs", "transferredBytes", "passes"];

    /// <summary>Every metric the report shows, in the order its definitions are listed.</summary>
    public static IEnumerable<string> Explained => MetricCatalog.Summarized.Select(m => m.Name);

    public static void Groups(StringBuilder html, ExperimentSummary summary, IReadOnlyList<GroupData> groups)
    {
        var values = groups.ToDictionary(g => g.Key, g => g.Values);
        html.Append("<p>Each cell: the geometric mean of the group's completed runs and, below it, its 95 % interval on a log scale.</p>\n<div class=\"wide\">");
        Table(html, "groups", ["group", "completed / runs", .. Headline.Select(m => MetricText.For(m).Label)],
            summary.Groups.Select(g => (IEnumerable<string>)
            [
                E(Label(g)), Tally(g.Counts),
                .. Headline.Select(m => Cell(MetricText.For(m), values.GetValueOrDefault(g.Key)?.GetValueOrDefault(m) ?? [])),
            ]));
        html.Append("</div>\n");
    }

    public static void Statistics(StringBuilder html, ExperimentSummary summary)
    {
        html.Append("<p>Arithmetic statistics; the interval is Student t's, clipped at 0 since no figure can be negative.</p>\n");
        foreach (var metric in MetricCatalog.Summarized)
        {
            var text = MetricText.For(metric.Name);
            html.Append($"<h3 id=\"stats-{E(metric.Name)}\">{E(text.Label)}</h3>\n");
            Table(html, null, ["group", "n", "mean", "median", "p95", "min", "max", "std. dev.", "95 % CI"],
                summary.Groups.Select(g => g.Metrics[metric.Name] is var s
                    ? (IEnumerable<string>)[E(Label(g)), s.N.ToString(), Show(text, s.Mean), Show(text, s.Median), Show(text, s.P95),
                        Show(text, s.Min), Show(text, s.Max), Show(text, s.StdDev), ArithmeticInterval(text, s)]
                    : []));
        }
    }

    public static void Comparisons(StringBuilder html, ExperimentSummary summary) => Table(html, "comparisons",
        ["parameter", "ratio of", "at", "metric", "ratio", "95 % CI", "method", "n"],
        summary.Comparisons.SelectMany(c => Headline.Where(c.Metrics.ContainsKey).Select(m => c.Metrics[m] is var r
            ? (IEnumerable<string>)[E(c.Parameter), E($"{Text(c.Numerator)} / {Text(c.Denominator)}"), E(At(c.At)), E(MetricText.For(m).Label),
                Number(r.Ratio), Interval(r.Ci95Low, r.Ci95High), E(r.Method.ToString()), $"{r.NA} / {r.NB}"]
            : [])));

    public static void Trends(StringBuilder html, ExperimentSummary summary) => Table(html, "trends",
        ["parameter", "at", "metric", "slope", "slope 95 % CI", "intercept", "R²", "n"],
        summary.Trends.SelectMany(t => Headline.Where(t.Metrics.ContainsKey).Select(m => (Fit: t.Metrics[m], Text: MetricText.For(m)) is var (f, text)
            ? (IEnumerable<string>)[E(t.Parameter), E(At(t.At)), E(text.Label), Show(text, f.Slope),
                Interval(text.Show(f.SlopeCi95Low), text.Show(f.SlopeCi95High)), Show(text, f.Intercept), Number(f.RSquared), f.N.ToString()]
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
        var (total, downtime, sent) = (MetricText.For("totalTimeMs"), MetricText.For("downtimeMs"), MetricText.For("transferredBytes"));
        html.Append("<div class=\"wide\">");
        Table(html, "model", ["group", "outcome", $"predicted {total.Label}", $"predicted {downtime.Label}", $"predicted {sent.Label}",
                .. compared.Select(m => $"mean relative error, {MetricText.For(m).Label}")],
            summary.Groups.Select(g => g.Model.Prediction is { } p
                ? (IEnumerable<string>)[E(Label(g)), E(p.Outcome.ToString()), Show(total, p.TotalTimeMs), Show(downtime, p.DowntimeMs), Show(sent, p.TransferredBytes),
                    .. compared.Select(m => Percent(g.Model.Errors.GetValueOrDefault(ModelComparison.MeasuredAs(m, g.Model.Inputs!.Mode))?.MeanRelativeError))]
                : [E(Label(g)), E(g.Model.Unavailable), "", "", "", "", "", "", ""]));
        html.Append("</div>\n");
        if (summary.ModelByRegime is not { Count: > 0 } regimes)
            return;
        html.Append("<p>The same predictions against every completed run, by how the run ended: the literature's pre-copy models err by about 10 % where pre-copy converges (Akoush et al. 2010, Liu et al. 2011); a run ended by a limit, by post-copy or by stop-and-copy is outside what a pre-copy model knows. A converging run the model said would never converge is counted, not averaged in.</p>\n");
        Table(html, "model-regimes", ["regime", "runs", "model said it would not converge", $"MAPE, {total.Label}", $"mean error, {total.Label}", $"MAPE, {downtime.Label}", $"mean error, {downtime.Label}"],
            regimes.Select(r => (IEnumerable<string>)[E(RegimeText(r.Regime)), r.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.Regime == MigrationRegime.Converging ? r.VerdictMisses.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                Percent(r.TotalTimeMs.MeanRelativeError), Show(total, r.TotalTimeMs.MeanError), Percent(r.DowntimeMs.MeanRelativeError), Show(downtime, r.DowntimeMs.MeanError)]));
    }

    private static string RegimeText(MigrationRegime regime) => regime switch
    {
        MigrationRegime.Converging => "converging (QEMU's own switch-over)",
        MigrationRegime.Limited => "ended by a limit or a policy's action",
        MigrationRegime.Postcopy => "post-copy",
        _ => "stop-and-copy (downtime: the whole pause)",
    };

    public static void Forecasts(StringBuilder html, ExperimentSummary summary) => Table(html, "forecasts",
        ["group", "runs", .. EtaScoring.Fractions.Select(f => $"at {100 * f:0} %: n · MAPE · mean error ms · verdict right"), "verdict right (all forecasts)"],
        summary.Groups.Where(g => g.Forecast is not null).Select(g => (IEnumerable<string>)[
            E(Label(g)), g.Forecast!.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. g.Forecast.Checkpoints.Select(c => $"{c.N} · {Percent(c.MeanAbsoluteRelativeError)} · {Number(c.MeanErrorMs)} · {Percent(c.VerdictAccuracy)}"),
            Percent(g.Forecast.VerdictAccuracy)]));

    /// <summary>A group as people write it: <c>migration.mode=precopy vm.memoryMiB=256</c>, strings without their JSON quotes.</summary>
    public static string Label(GroupSummary group) =>
        group.Parameters.Count == 0 ? "(all)" : string.Join(' ', group.Parameters.Select(p => $"{p.Key}={Text(p.Value)}"));

    public static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string Tally(RunTally counts)
    {
        var others = new[] { (counts.Failed, "failed"), (counts.Cancelled, "cancelled") }.Where(p => p.Item1 > 0).Select(p => $"{p.Item1} {p.Item2}");
        var rest = string.Join(", ", others);
        return $"{counts.Completed} / {counts.Total}" + (rest.Length > 0 ? $"<small>{rest}</small>" : "");
    }

    private static string Cell(MetricText text, double[] values)
    {
        var log = LogScale.Of(values);
        if (log.GeometricMean is not { } centre)
        {
            // A zero among the figures (stop-and-copy's pre-copy time): the arithmetic mean, no log interval.
            var plain = Descriptive.Summarize(values);
            return plain.N == 0 ? "—" : $"{Show(text, plain.Mean)}<small class=\"why\">{E(log.NoInterval)}</small>";
        }

        return log.NoInterval is { } why
            ? $"{Show(text, centre)}<small class=\"small why\">{E(why)}</small>"
            : $"{Show(text, centre)}<small>{Interval(text.Show(log.Low), text.Show(log.High))}</small>";
    }

    private static string ArithmeticInterval(MetricText text, MetricSummary s) => s.N < LogScale.MinimumN
        ? $"<span class=\"small\">n = {s.N}: too small</span>"
        : Interval(text.Show(s.Ci95Low is { } low ? Math.Max(0, low) : null), text.Show(s.Ci95High));

    private static string Show(MetricText text, double? value) => Number(text.Show(value));

    private static string Percent(double? fraction) => fraction is { } f ? $"{Number(100 * f)} %" : "—";

    private static string At(IReadOnlyDictionary<string, JsonElement> at) =>
        at.Count == 0 ? "(all)" : string.Join(", ", at.Select(p => $"{p.Key}={Text(p.Value)}"));
}
