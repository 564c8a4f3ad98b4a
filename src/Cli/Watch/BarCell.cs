using Spectre.Console;
using Spectre.Console.Rendering;

namespace MigrationAspire.Cli.Watch;

/// <summary>Spectre's own progress bar (the one its progress displays draw) as a table cell.</summary>
internal sealed class BarCell(double fraction, int width) : IRenderable
{
    private readonly ProgressBarColumn column = new() { Width = width };
    private readonly ProgressTask task = new(0, "progress", maxValue: 1, autoStart: false, TimeProvider.System) { Value = Math.Clamp(fraction, 0, 1) };

    public Measurement Measure(RenderOptions options, int maxWidth) => new(width, width);

    public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
        column.Render(options, task, TimeSpan.Zero).Render(options, Math.Min(width, maxWidth));
}
