using MigrationAspire.Cli.Experiments;
using MigrationAspire.Cli.Output;
using MigrationAspire.Contracts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MigrationAspire.Cli.Watch;

/// <summary>The watch on a terminal: one line per run, redrawn in place; the running run has a bar and, where the lab predicts one, its ETA.</summary>
internal static class LiveBoardView
{
    private const int BarWidth = 20;

    public static IRenderable Render(WatchBoard board, Uri livePage, int maxRows)
    {
        var (rows, first) = Window(board.Runs.ToList(), Math.Max(5, maxRows));
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{board.Experiment.Id} {Markup.Escape(board.Experiment.Name)} — {ExperimentText.Progress(board.Experiment)}",
                RunsTable.StatusStyle(board.Experiment.Status))
            .Caption(rows.Count < board.Runs.Count
                ? $"runs {first + 1}–{first + rows.Count} of {board.Runs.Count} · live page {livePage} · Ctrl+C stops watching, not the experiment"
                : $"live page {livePage} · Ctrl+C stops watching, not the experiment");
        table.AddColumn("Run");
        table.AddColumn("Group");
        table.AddColumn("Status");
        table.AddColumn(new TableColumn("Pass").RightAligned());
        table.AddColumn(new TableColumn("Remaining").RightAligned());
        table.AddColumn(new TableColumn("Dirty rate").RightAligned());
        table.AddColumn(new TableColumn("Throughput").RightAligned());
        table.AddColumn("Progress");
        table.AddColumn("Outcome");
        foreach (var run in rows)
            table.AddRow(Row(run));
        return table;
    }

    private static IRenderable[] Row(RunLine run)
    {
        var live = run.Status == RunStatus.Running ? run.Latest : null;
        return
        [
            new Text(run.Index.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)),
            new Text(run.Group),
            new Text(RunText.Status(run.Status, run.Step), RunsTable.StatusStyle(run.Status)),
            new Text(Units.Count(run.Pass)),
            new Text(live is null ? "" : Units.MiB(live.RemainingBytes)),
            new Text(live is null ? "" : Units.PagesPerSecond(run.DirtyPagesRate)),
            new Text(live is null ? "" : Units.Throughput(run.ThroughputMbps)),
            live is not null && run.Progress is { } progress
                ? new Columns(new BarCell(progress, BarWidth), new Text(run.Eta is { } eta ? $"ETA {Units.Duration(eta)}" : $"{progress:P0}")).Collapse()
                : new Text(""),
            new Text(Outcome(run)),
        ];
    }

    internal static string Outcome(RunLine run) => run switch
    {
        { Status: RunStatus.Completed, Result: { } r } => $"downtime {Units.Milliseconds(r.DowntimeMs)} · total {Units.Milliseconds(r.TotalTimeMs)}",
        { Status: RunStatus.Failed or RunStatus.Cancelled } => run.FailureReason ?? "",
        _ => "",
    };

    /// <summary>At most <paramref name="maxRows"/> runs, placed so the first unfinished run and a few before it show.</summary>
    internal static (IReadOnlyList<RunLine> Rows, int First) Window(IReadOnlyList<RunLine> runs, int maxRows)
    {
        if (runs.Count <= maxRows)
            return (runs, 0);
        var active = runs.ToList().FindIndex(r => !r.IsFinal);
        var first = Math.Clamp((active < 0 ? runs.Count : active) - 2, 0, runs.Count - maxRows);
        return (runs.Skip(first).Take(maxRows).ToList(), first);
    }
}
