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

    /// <summary>
    /// ScottPlot's autoscaler fails (an exception, not an image) once an axis span overflows a double, as it does
    /// for values near ±1.8e308; values beyond ±1e300 are left out of plots, with a note saying how many.
    /// </summary>
    public const double MaxDrawable = 1e300;

    private const string FontDirectory = "/usr/share/fonts/truetype/dejavu";
    private static readonly string? SansFont = RegisterSansFont();

    /// <summary>A new plot, in DejaVu Sans where the system has it.</summary>
    public static Plot New()
    {
        var plot = new Plot();
        if (SansFont is not null)
        {
            plot.Font.Set(SansFont);
        }

        return plot;
    }

    // ScottPlot's Skia build finds no fonts by name on Linux (it does not use fontconfig) and falls back
    // to a serif face; registering the files by path gives the plots a sans-serif one.
    private static string? RegisterSansFont()
    {
        const string name = "DejaVu Sans";
        var regular = Path.Combine(FontDirectory, "DejaVuSans.ttf");
        var bold = Path.Combine(FontDirectory, "DejaVuSans-Bold.ttf");
        if (!File.Exists(regular) || !File.Exists(bold))
        {
            return null;
        }

        Fonts.AddFontFile(name, regular, bold: false, italic: false);
        Fonts.AddFontFile(name, bold, bold: true, italic: false);
        return name;
    }

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

    public static bool Drawable(double value) => double.IsFinite(value) && Math.Abs(value) <= MaxDrawable;

    /// <summary>The image; a plot that cannot be laid out still gives one, saying why, rather than an error.</summary>
    public static (byte[] Bytes, string ContentType) Render(Plot plot, PlotFormat format)
    {
        try
        {
            return RenderAs(plot, format);
        }
        catch (InvalidOperationException e)
        {
            var fallback = New();
            fallback.Title(plot.Axes.Title.Label.Text);
            Empty(fallback, $"cannot be drawn: {e.Message}");
            return RenderAs(fallback, format);
        }
    }

    private static (byte[] Bytes, string ContentType) RenderAs(Plot plot, PlotFormat format) => format switch
    {
        PlotFormat.Png => (plot.GetImageBytes(Width, Height, ImageFormat.Png), "image/png"),
        _ => (System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, Height)), "image/svg+xml"),
    };

    /// <summary>Says in a corner of the plot how much was left out as not drawable.</summary>
    public static void NoteLeftOut(Plot plot, int count, string what)
    {
        if (count > 0)
        {
            plot.Add.Annotation($"{count} {what} beyond ±{MaxDrawable:0e0} not drawn", Alignment.LowerRight);
        }
    }

    /// <summary>A note in the middle of an otherwise empty plot, so a request never gets a blank image.</summary>
    public static void Empty(Plot plot, string message)
    {
        var text = plot.Add.Text(message, 0, 0);
        text.LabelFontSize = 18;
        text.LabelAlignment = Alignment.MiddleCenter;
        plot.Axes.SetLimits(-1, 1, -1, 1);
    }
}
