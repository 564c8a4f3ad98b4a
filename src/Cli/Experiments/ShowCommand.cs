using System.Text.Json;
using MigrationAspire.Cli.Lab;
using MigrationAspire.Cli.Output;
using MigrationAspire.Contracts;
using Spectre.Console;
using Spectre.Console.Rendering;
using Spectre.Console.Cli;

namespace MigrationAspire.Cli.Experiments;

internal sealed class ShowCommand(Terminal terminal) : AsyncCommand<ExperimentSettings>
{
    private static readonly JsonSerializerOptions Indented = new(SpecJson.Options) { WriteIndented = true };

    public override async Task<int> ExecuteAsync(CommandContext context, ExperimentSettings settings, CancellationToken cancellationToken)
    {
        using var lab = new LabClient(settings.ApiAddress);
        var experiment = await lab.GetExperimentAsync(settings.Id, cancellationToken);
        var runs = await lab.GetRunsAsync(settings.Id, cancellationToken);
        terminal.Write(Header(experiment, lab));
        terminal.Out.WriteLine();
        terminal.Write(RunsTable.Render(runs, terminal.Border));
        return ExitCodes.Ok;
    }

    internal static Grid Header(ExperimentView experiment, LabClient lab)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string label, IRenderable value) => grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), value);
        Row("experiment", new Text($"{experiment.Id}  {experiment.Name}"));
        Row("status", new Text(ExperimentText.Progress(ExperimentHeadline.From(experiment)), RunsTable.StatusStyle(experiment.Status)));
        Row("created", new Text(Units.Time(experiment.CreatedAt)));
        Row("started", new Text(Units.Time(experiment.StartedAt)));
        Row("finished", new Text(Units.Time(experiment.FinishedAt)));
        Row("live page", new Text(lab.LivePage(experiment.Id).ToString()));
        Row("report", new Text(lab.Report(experiment.Id).ToString()));
        Row("spec", new Text(JsonSerializer.Serialize(experiment.Spec, Indented)));
        return grid;
    }
}
