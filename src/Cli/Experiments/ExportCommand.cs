using System.ComponentModel;
using MigrationAspire.Cli.Lab;
using MigrationAspire.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MigrationAspire.Cli.Experiments;

internal sealed class ExportSettings : ExperimentSettings
{
    [CommandOption("--csv")]
    [Description("One row per run, a column per swept path and per metric.")]
    public bool Csv { get; set; }

    [CommandOption("--parquet")]
    [Description("The CSV's columns as Parquet.")]
    public bool Parquet { get; set; }

    [CommandOption("-o|--output <FILE>")]
    [Description("Where to write it (default: <ID>-runs.csv or .parquet in the current directory).")]
    public string? Output { get; set; }

    public string Extension => Parquet ? "parquet" : "csv";

    public override ValidationResult Validate() => (Csv, Parquet) switch
    {
        (true, true) => ValidationResult.Error("choose one of --csv and --parquet, not both."),
        (false, false) => ValidationResult.Error("say which format: --csv or --parquet."),
        _ => base.Validate(),
    };
}

internal sealed class ExportCommand(Terminal terminal) : AsyncCommand<ExportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        using var lab = new LabClient(settings.ApiAddress);
        var file = Path.GetFullPath(settings.Output ?? $"{settings.Id}-runs.{settings.Extension}");
        if (Path.GetDirectoryName(file) is { } directory && !Directory.Exists(directory))
            throw new UserInputException($"no directory {directory} to write {Path.GetFileName(file)} into");
        var bytes = await lab.DownloadAsync($"api/analytics/experiments/{Uri.EscapeDataString(settings.Id)}/runs.{settings.Extension}", file, cancellationToken);
        terminal.Out.WriteLine($"Wrote {file} ({Units.Count(bytes)} bytes).");
        return ExitCodes.Ok;
    }
}
