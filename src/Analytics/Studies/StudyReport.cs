using System.Text;
using static MigrationAspire.Analytics.Reports.Html;

namespace MigrationAspire.Analytics.Studies;

/// <summary>
/// The study's one page: the findings table, then each seed figure with its numbers and the model's error. Links are
/// absolute /api/analytics/… paths, which the API's proxy serves unchanged, so the page works wherever it is shown.
/// </summary>
public static class StudyReport
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
        th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right;vertical-align:top}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
        #findings td:nth-child(2),#findings td:nth-child(3),#findings td:nth-child(8),#findings th:nth-child(2),#findings th:nth-child(3),#findings th:nth-child(8){text-align:left}
        #findings td:nth-child(5){white-space:nowrap}
        img{max-width:100%;border:1px solid #ddd}.confirmed{color:#176417}.contradicted{color:#a31515}.inconclusive{color:#8a6d00}
        """;

    public static string Render(StudyData data, IReadOnlyList<Finding> findings, Func<SeedFigure, IReadOnlyList<FigurePoint>> pointsOf)
    {
        var html = new StringBuilder();
        var id = E(data.StudyId);
        var root = $"/api/analytics/studies/{Segment(data.StudyId)}";
        html.Append($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Study {id}</title><style>{Style}</style></head><body>\n");
        html.Append($"<h1>Study {id}: the seed study, rerun</h1>\n<p>Runs of every experiment: ");
        html.Append(string.Join(" · ", Enum.GetValues<Contracts.SeedExperiment>().Select(e =>
        {
            var experiment = Segment(Contracts.SeedExperimentIds.For(data.StudyId, e));
            var at = $"/api/analytics/experiments/{experiment}";
            return $"{E(e.ToString())} ({data.Groups(e).Sum(g => g.Counts.Completed)} completed) <a href=\"{at}/runs.csv\">CSV</a> <a href=\"{at}/runs.parquet\">Parquet</a> <a href=\"{at}/report\">report</a>";
        })));
        html.Append($"</p>\n<p>Bandwidth acts through <code>{E(Contracts.StudyPresets.BandwidthAxis.Path)}</code>. <a href=\"{root}/findings\">findings (JSON)</a></p>\n");

        html.Append("<h2>Findings</h2>\n<p>Each claim of the seed report, decided by the measured runs (95 % intervals).</p>\n");
        Table(html, "findings", ["figure", "statement", "statistic", "value", "95 % CI", "n", "verdict", "rule"],
            findings.Select(f => (IEnumerable<string>)
            [
                E(f.Figure), E(f.Statement), E(f.Statistic.Kind), Number(f.Statistic.Value), Interval(f.Statistic.Ci95Low, f.Statistic.Ci95High),
                f.Statistic.N2 is { } n2 ? $"{f.Statistic.N} / {n2}" : f.Statistic.N.ToString(),
                $"<span class=\"{f.Verdict.ToString().ToLowerInvariant()}\">{f.Verdict.ToString().ToLowerInvariant()}</span>", E(f.Rule),
            ]));

        foreach (var figure in SeedFigures.All)
        {
            var src = $"{root}/figures/{figure.Id}";
            html.Append($"<h2 id=\"figure-{figure.Id}\">Figure {figure.Id}: {E(figure.Title)}</h2>\n");
            html.Append($"<img src=\"{src}.svg\" alt=\"figure {figure.Id}\" width=\"900\" height=\"540\"><p><a href=\"{src}.png\">PNG</a> · <a href=\"{src}.svg\">SVG</a> · dashed: the pre-copy model's prediction</p>\n");
            Table(html, $"points-{figure.Id}", [figure.XPath, "curve", "n", "mean", "95 % CI", "model", "model's mean relative error"],
                pointsOf(figure).Select(p => (IEnumerable<string>)
                [
                    Number(p.X), E(p.Line), p.Measured.N.ToString(), Number(p.Measured.Mean), Interval(p.Measured.Ci95Low, p.Measured.Ci95High),
                    Number(p.Predicted), p.MeanRelativeError is { } e ? $"{Number(100 * e)} %" : "—",
                ]));
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }
}
