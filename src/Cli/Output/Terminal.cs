using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MigrationAspire.Cli.Output;

/// <summary>
/// Where output goes. On a terminal: colour, tables drawn to its width and live displays. Redirected (a file, a
/// pipe, CI): plain text without escape codes, wide enough not to wrap, and changes printed as lines.
/// </summary>
internal sealed class Terminal(IAnsiConsole output, IAnsiConsole error, bool live)
{
    /// <summary>Tables are this wide when no terminal says how wide they may be.</summary>
    internal const int PlainWidth = 200;

    public IAnsiConsole Out { get; } = output;
    public IAnsiConsole Error { get; } = error;

    /// <summary>Whether output may redraw itself in place (a terminal) or must only ever append lines.</summary>
    public bool Live { get; } = live;

    public TableBorder Border => Live ? TableBorder.Rounded : TableBorder.Markdown;

    /// <summary>A table or grid: as drawn on a terminal; as plain text without the blank padding lines around it otherwise.</summary>
    public void Write(IRenderable renderable)
    {
        if (Live)
        {
            Out.Write(renderable);
            return;
        }
        using var text = new StringWriter();
        Create(text, redirected: true).Write(renderable);
        foreach (var line in text.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0))
            Out.WriteLine(line);
    }

    public static Terminal ForThisProcess()
    {
        Console.OutputEncoding = Encoding.UTF8;
        return new Terminal(
            Create(Console.Out, Console.IsOutputRedirected),
            Create(Console.Error, Console.IsErrorRedirected),
            live: !Console.IsOutputRedirected);
    }

    /// <summary>A plain terminal writing to <paramref name="writer"/>, as when output is redirected.</summary>
    public static Terminal Plain(TextWriter writer) => new(Create(writer, redirected: true), Create(writer, redirected: true), live: false);

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(writer),
        });
        if (redirected)
            console.Profile.Width = PlainWidth;
        return console;
    }
}
