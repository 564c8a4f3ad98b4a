using MigrationAspire.Cli.Output;
using MigrationAspire.Contracts;
using Spectre.Console;

namespace MigrationAspire.Cli.Experiments;

/// <summary>Every run of an experiment with the figures a researcher compares first; absent figures are a dash, never 0.</summary>
internal static class RunsTable
{
    public static Table Render(IEnumerable<RunRecord> runs, TableBorder border)
    {
        var table = new Table().Border(border).Title("Runs");
        table.AddColumn("Run");
        table.AddColumn("Group");
        table.AddColumn(new TableColumn("Rep").RightAligned());
        table.AddColumn("Status");
        table.AddColumn("Hosts");
        table.AddColumn(new TableColumn("Total").RightAligned());
        table.AddColumn(new TableColumn("Downtime").RightAligned());
        table.AddColumn(new TableColumn("Guest saw").RightAligned());
        table.AddColumn(new TableColumn("Passes").RightAligned());
        table.AddColumn(new TableColumn("Sent").RightAligned());
        table.AddColumn("Note");
        foreach (var run in runs)
        {
            var result = run.Result;
            table.AddRow(
                new Text(run.Plan.RunId),
                new Text(RunText.Group(run.Plan)),
                new Text(run.Plan.Repetition.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(RunText.Status(run.Status, run.Step), StatusStyle(run.Status)),
                new Text(RunText.Hosts(run)),
                new Text(Units.Milliseconds(result?.TotalTimeMs)),
                new Text(Units.Milliseconds(result?.DowntimeMs)),
                new Text(Units.Milliseconds(result?.GuestObservedDowntimeMs)),
                new Text(Units.Count(result?.Passes)),
                new Text(Units.MiB(result?.TransferredBytes)),
                new Text(run.FailureReason ?? result?.LimitReached ?? ""));
        }
        return table;
    }

    public static Style StatusStyle(RunStatus status) => status switch
    {
        RunStatus.Completed => new Style(Color.Green),
        RunStatus.Failed => new Style(Color.Red),
        RunStatus.Cancelled => new Style(Color.Yellow),
        RunStatus.Running => new Style(Color.Aqua),
        _ => Style.Plain,
    };

    public static Style StatusStyle(ExperimentStatus status) => status switch
    {
        ExperimentStatus.Completed => new Style(Color.Green),
        ExperimentStatus.CompletedWithFailures or ExperimentStatus.Failed => new Style(Color.Red),
        ExperimentStatus.Cancelled => new Style(Color.Yellow),
        ExperimentStatus.Running => new Style(Color.Aqua),
        _ => Style.Plain,
    };
}
