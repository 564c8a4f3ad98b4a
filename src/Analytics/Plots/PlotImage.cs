using ScottPlot;

namespace MigrationAspire.Analytics.Plots;

public enum PlotFormat
{
    Png,
    Svg,
}

/// <summary>Renders a ScottPlot plot to the bytes a route returns.</summary>
public static class PlotImage
{
    public const int Width = 900;
    public const int Height = 540;

    public static bool TryParse(string format, out PlotFormat parsed)
    {
        (var known, parsed) = format.ToLowerInvariant() switch
        {
            "png" => (true, PlotFormat.Png),
            "svg" => (true, PlotFormat.Svg),
            _ => (false, default),
        };
        return known;
    }

    public static (byte[] Bytes, string ContentType) Render(Plot plot, PlotFormat format) => format switch
    {
        PlotFormat.Png => (plot.GetImageBytes(Width, Height, ImageFormat.Png), "image/png"),
        _ => (System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, Height)), "image/svg+xml"),
    };

    /// <summary>A note in the middle of an otherwise empty plot, so a request never gets a blank image.</summary>
    public static void Empty(Plot plot, string message)
    {
        var text = plot.Add.Text(message, 0, 0);
        text.LabelFontSize = 18;
        text.LabelAlignment = Alignment.MiddleCenter;
        plot.Axes.SetLimits(-1, 1, -1, 1);
    }
}
