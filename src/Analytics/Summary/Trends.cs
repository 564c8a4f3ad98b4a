using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;

namespace MigrationAspire.Analytics.Summary;

/// <summary>Least-squares slopes of the metrics against a numeric swept parameter, the others held equal.</summary>
public static class Trends
{
    /// <summary>
    /// For every numeric swept path with two or more values, and every combination of the other paths'
    /// values: each completed run is one point (x = its value of the path, y = its metric), so the fit and
    /// its R² reflect the scatter of repetitions, not only of the group means.
    /// </summary>
    public static IReadOnlyList<Trend> Of(IReadOnlyList<GroupData> groups, SweepLayout layout)
    {
        var trends = new List<Trend>();
        foreach (var path in layout.Paths.Where(p => p.Numeric && p.Values.Count >= 2))
        {
            foreach (var slice in groups.GroupBy(g => SweepLayout.OthersKey(g, path.Path)))
            {
                var points = slice
                    .Select(g => (X: SweepLayout.ValueOf(g, path.Path) is { } raw ? new ParameterValue(raw).Number : null, Group: g))
                    .Where(p => p.X is not null)
                    .ToList();
                if (points.Select(p => p.X).Distinct().Count() < 2)
                {
                    continue;
                }

                var fits = new Dictionary<string, TrendFit>();
                foreach (var metric in MetricCatalog.Summarized)
                {
                    var (xs, ys) = Points(points, metric.Name);
                    var fit = LinearTrend.Fit(xs, ys);
                    if (fit.N > 0)
                    {
                        fits[metric.Name] = fit;
                    }
                }

                trends.Add(new Trend(path.Path, SweepLayout.Others(slice.First(), path.Path), fits));
            }
        }

        return trends;
    }

    /// <summary>Every completed run of the slice as (x, y), in group order; filled in place, which LINQ did slowly.</summary>
    private static (double[] Xs, double[] Ys) Points(List<(double? X, GroupData Group)> points, string metric)
    {
        var xs = new double[points.Sum(p => p.Group.Values[metric].Length)];
        var ys = new double[xs.Length];
        var at = 0;
        foreach (var (x, group) in points)
        {
            var values = group.Values[metric];
            Array.Fill(xs, x!.Value, at, values.Length);
            values.CopyTo(ys, at);
            at += values.Length;
        }

        return (xs, ys);
    }
}
