using System.ComponentModel;
using MigrationAspire.Cli.Lab;
using MigrationAspire.Cli.Output;
using MigrationAspire.Cli.Watch;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MigrationAspire.Cli.Experiments;

internal sealed class SubmitSettings : LabSettings
{
    [CommandArgument(0, "<SPEC>")]
    [Description("The experiment spec, a JSON file (see examples/); - reads it from standard input.")]
    public string Spec { get; set; } = "";

    [CommandOption("-w|--watch")]
    [Description("Follow the experiment until it ends. The exit code is then 0 only when it completed.")]
    public bool Watch { get; set; }
}

internal sealed class SubmitCommand(Terminal terminal) : AsyncCommand<SubmitSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SubmitSettings settings, CancellationToken cancellationToken)
    {
        var spec = await ReadSpecAsync(settings.Spec, cancellationToken);
        using var lab = new LabClient(settings.ApiAddress);
        var created = await lab.SubmitAsync(spec, cancellationToken);
        terminal.Out.WriteLine($"Submitted {created.Id} ({created.Name}): {created.Runs.Total} runs.");
        terminal.Out.WriteLine($"Live page: {lab.LivePage(created.Id)}");
        if (!settings.Watch)
        {
            terminal.Out.WriteLine($"Follow it: ./lab exp watch {created.Id}");
            return ExitCodes.Ok;
        }
        return await new ExperimentWatch(lab, terminal).RunAsync(created.Id, cancellationToken);
    }

    private static async Task<string> ReadSpecAsync(string path, CancellationToken cancellationToken)
    {
        if (path == "-")
            return await Console.In.ReadToEndAsync(cancellationToken);
        if (!File.Exists(path))
            throw new UserInputException($"no spec file at {Path.GetFullPath(path)}");
        return await File.ReadAllTextAsync(path, cancellationToken);
    }
}

internal sealed class WatchCommand(Terminal terminal) : AsyncCommand<ExperimentSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ExperimentSettings settings, CancellationToken cancellationToken)
    {
        using var lab = new LabClient(settings.ApiAddress);
        return await new ExperimentWatch(lab, terminal).RunAsync(settings.Id, cancellationToken);
    }
}
