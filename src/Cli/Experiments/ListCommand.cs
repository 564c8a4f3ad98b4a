using System.ComponentModel;
using MigrationAspire.Cli.Lab;
using MigrationAspire.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MigrationAspire.Cli.Experiments;

internal sealed class ListSettings : LabSettings
{
    [CommandOption("-n|--limit <N>")]
    [Description("At most this many experiments, newest first (the lab's default: 100).")]
    public int? Limit { get; set; }

    public override ValidationResult Validate() =>
        Limit is < 1 ? ValidationResult.Error($"--limit must be at least 1 (was {Limit}).") : base.Validate();
}

internal sealed class ListCommand(Terminal terminal) : AsyncCommand<ListSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ListSettings settings, CancellationToken cancellationToken)
    {
        using var lab = new LabClient(settings.ApiAddress);
        var experiments = await lab.GetAsync<List<ExperimentHeadline>>(
            settings.Limit is { } limit ? $"api/experiments?limit={limit}" : "api/experiments", cancellationToken);
        if (experiments.Count == 0)
        {
            terminal.Out.WriteLine($"No experiments yet at {lab.Api}. Submit one: ./lab exp submit examples/mode-precopy.json --watch");
            return ExitCodes.Ok;
        }
        terminal.Write(Render(experiments, terminal.Border));
        return ExitCodes.Ok;
    }

    internal static Table Render(IEnumerable<ExperimentHeadline> experiments, TableBorder border)
    {
        var table = new Table().Border(border);
        table.AddColumn("Id");
        table.AddColumn("Name");
        table.AddColumn("Status");
        table.AddColumn(new TableColumn("Runs").RightAligned());
        table.AddColumn(new TableColumn("Failed").RightAligned());
        table.AddColumn("Created");
        table.AddColumn("Finished");
        foreach (var e in experiments)
            table.AddRow(
                new Text(e.Id),
                new Text(e.Name),
                new Text(ExperimentText.Status(e), RunsTable.StatusStyle(e.Status)),
                new Text($"{e.Finished}/{e.Runs.Total}"),
                new Text(Units.Count(e.Runs.Failed)),
                new Text(Units.Time(e.CreatedAt)),
                new Text(Units.Time(e.FinishedAt)));
        return table;
    }
}
