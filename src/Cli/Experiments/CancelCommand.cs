using MigrationAspire.Cli.Lab;
using MigrationAspire.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MigrationAspire.Cli.Experiments;

internal sealed class CancelCommand(Terminal terminal) : AsyncCommand<ExperimentSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ExperimentSettings settings, CancellationToken cancellationToken)
    {
        using var lab = new LabClient(settings.ApiAddress);
        var experiment = await lab.CancelAsync(settings.Id, cancellationToken);
        terminal.Out.WriteLine($"{experiment.Id} {experiment.Name}: {ExperimentText.Progress(ExperimentHeadline.From(experiment))}",
            RunsTable.StatusStyle(experiment.Status));
        return ExitCodes.Ok;
    }
}
