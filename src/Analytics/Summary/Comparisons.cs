using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;

namespace MigrationAspire.Analytics.Summary;

/// <summary>Ratios of means between the values of one swept parameter, the others held equal.</summary>
public static class Comparisons
{
    /// <summary>
    /// For every swept path with two or more values, and every combination of the other paths' values,
    /// each value against the path's first value (e.g. stopcopy / precopy).
    /// </summary>
    public static IReadOnlyList<Comparison> Of(IReadOnlyList<GroupData> groups, SweepLayout layout)
    {
        var comparisons = new List<Comparison>();
        foreach (var path in layout.Paths.Where(p => p.Values.Count >= 2))
        {
            var baseline = path.Values[0].Raw;
            foreach (var slice in groups.GroupBy(g => SweepLayout.OthersKey(g, path.Path)))
            {
                var denominator = slice.FirstOrDefault(g => SweepLayout.ValueOf(g, path.Path) == baseline);
                if (denominator is null)
                {
                    continue;
                }

                foreach (var numerator in slice.Where(g => g != denominator && SweepLayout.ValueOf(g, path.Path) is not null))
                {
                    comparisons.Add(new Comparison(
                        path.Path,
                        new ParameterValue(SweepLayout.ValueOf(numerator, path.Path)!).Json,
                        path.Values[0].Json,
                        SweepLayout.Others(denominator, path.Path),
                        Ratios(numerator, denominator)));
                }
            }
        }

        return comparisons;
    }

    private static Dictionary<string, RatioEstimate> Ratios(GroupData numerator, GroupData denominator) =>
        MetricCatalog.Summarized
            .Where(m => numerator.Values[m.Name].Length > 0 && denominator.Values[m.Name].Length > 0)
            .ToDictionary(m => m.Name, m => RatioOfMeans.Estimate(numerator.Values[m.Name], denominator.Values[m.Name]));
}
