using MigrationAspire.Analytics.Summary;

namespace MigrationAspire.Analytics.Plots;

/// <summary>Which swept path is the x axis of a metric plot and which one tells its series apart.</summary>
public sealed record PlotAxes(SweptPath? X, SweptPath? Series)
{
    public const string PreferredSeries = "migration.mode";

    /// <summary>
    /// Resolves the requested paths, or picks defaults: x = the first numeric path that varies (else the
    /// first that varies, else the first); series = migration.mode when it varies, else the first other
    /// path that varies. Returns the name of the bad query parameter and why, when a request names a path
    /// the experiment did not sweep.
    /// </summary>
    public static (PlotAxes? Axes, string? Parameter, string? Error) Resolve(SweepLayout layout, string? x, string? series)
    {
        var known = string.Join(", ", layout.Paths.Select(p => p.Path));
        var unknown = known.Length == 0 ? "the experiment swept nothing" : $"swept paths: {known}";
        if (x is not null && layout.Find(x) is null)
        {
            return (null, "x", $"'{x}' is not a swept path of this experiment ({unknown}).");
        }

        if (series is not null && layout.Find(series) is null)
        {
            return (null, "series", $"'{series}' is not a swept path of this experiment ({unknown}).");
        }

        if (series is not null && series == x)
        {
            return (null, "series", "series must differ from x.");
        }

        var varying = layout.Paths.Where(p => p.Values.Count >= 2).ToList();
        var candidates = varying.Where(p => p.Path != series).ToList();
        var xPath = x is not null ? layout.Find(x)
            : candidates.FirstOrDefault(p => p.Numeric) ?? candidates.FirstOrDefault()
                ?? layout.Paths.FirstOrDefault(p => p.Path != series);
        var seriesPath = series is not null ? layout.Find(series)
            : varying.FirstOrDefault(p => p.Path == PreferredSeries && p != xPath) ?? varying.FirstOrDefault(p => p != xPath);
        return (new PlotAxes(xPath, seriesPath), null, null);
    }
}
