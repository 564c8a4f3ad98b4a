using System.ComponentModel;
using System.Diagnostics;
using MigrationAspire.Cli.Lab;
using MigrationAspire.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MigrationAspire.Cli.Experiments;

internal sealed class ReportSettings : ExperimentSettings
{
    [CommandOption("--open")]
    [Description("Open the report in the desktop's browser (xdg-open); without a display the URL is printed.")]
    public bool Open { get; set; }
}

internal sealed class ReportCommand(Terminal terminal) : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        using var lab = new LabClient(settings.ApiAddress);
        // Asked first, so an unknown id is a clear error rather than a browser tab with a 404.
        var experiment = await lab.GetExperimentAsync(settings.Id, cancellationToken);
        var report = lab.Report(experiment.Id);
        terminal.Out.WriteLine(report.ToString());
        if (!settings.Open)
            return ExitCodes.Ok;
        if (!HasDisplay())
        {
            terminal.Error.WriteLine("No display to open a browser on (DISPLAY and WAYLAND_DISPLAY are unset): open the URL above where you have one.");
            return ExitCodes.Ok;
        }
        try
        {
            using var opener = Process.Start(new ProcessStartInfo("xdg-open", [report.ToString()]) { UseShellExecute = false });
            await opener!.WaitForExitAsync(cancellationToken);
            if (opener.ExitCode != 0)
                terminal.Error.WriteLine($"xdg-open exited with {opener.ExitCode}: open the URL above by hand.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            terminal.Error.WriteLine("xdg-open is not installed (Debian: apt-get install xdg-utils): open the URL above by hand.");
        }
        return ExitCodes.Ok;
    }

    private static bool HasDisplay() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
}
