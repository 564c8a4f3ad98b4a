using System.Globalization;
using System.Net;
using System.Text;

namespace MigrationAspire.Analytics.Reports;

/// <summary>The few HTML helpers the report needs; every text from data goes through <see cref="E"/>.</summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A URL path segment: ids may hold characters that mean something in a URL.</summary>
    public static string Segment(string text) => E(Uri.EscapeDataString(text));

    public static string Number(double? value) => value switch
    {
        null => "—",
        { } v when Math.Abs(v) >= 100 => v.ToString("N0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.###", CultureInfo.InvariantCulture),
    };

    /// <summary>An interval; one with an open upper end (a ratio bounded only below, Claims.Ratio) as [low, ∞).</summary>
    public static string Interval(double? low, double? high) =>
        low is null ? "—" : high is null ? $"[{Number(low)}, ∞)" : $"[{Number(low)}, {Number(high)}]";

    public static void Table(StringBuilder html, string? id, IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows)
    {
        html.Append(id is null ? "<table>" : $"<table id=\"{E(id)}\">");
        html.Append("<thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                // Cells arrive encoded already: some carry links.
                html.Append("<td>").Append(cell).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>\n");
    }
}
