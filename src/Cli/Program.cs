using MigrationAspire.Cli;
using MigrationAspire.Cli.Experiments;
using MigrationAspire.Cli.Hosts;
using MigrationAspire.Cli.Output;
using MigrationAspire.Cli.Studies;
using Spectre.Console.Cli;

var terminal = Terminal.ForThisProcess();
using var stop = new CancellationTokenSource();
// Ctrl+C ends the command, not the experiment: it goes on in the lab.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("lab");
    config.ConfigureConsole(terminal.Out);
    config.Settings.Registrar.RegisterInstance(terminal);
    config.CancellationExitCode(ExitCodes.Interrupted);
    config.SetExceptionHandler((e, _) => ErrorReport.Print(terminal, e));
    config.AddBranch("exp", exp =>
    {
        exp.SetDescription("Experiments: submit, watch, list, inspect, cancel, report, export.");
        exp.AddCommand<SubmitCommand>("submit").WithDescription("Submit an experiment spec (JSON); --watch follows it until it ends.")
            .WithExample("exp", "submit", "examples/mode-precopy.json", "--watch");
        exp.AddCommand<WatchCommand>("watch").WithDescription("Follow an experiment already submitted until it ends.");
        exp.AddCommand<ListCommand>("ls").WithDescription("Every experiment with its status and progress, newest first.");
        exp.AddCommand<ShowCommand>("show").WithDescription("One experiment: status, spec and every run with its figures.");
        exp.AddCommand<CancelCommand>("cancel").WithDescription("Cancel an experiment: pending runs never start, running ones stop.");
        exp.AddCommand<ReportCommand>("report").WithDescription("The experiment's report URL; --open opens it in a browser.");
        exp.AddCommand<ExportCommand>("export").WithDescription("Every run of an experiment as CSV or Parquet, written to a file.")
            .WithExample("exp", "export", "exp-1a2b3c4d", "--csv", "-o", "runs.csv");
    });
    config.AddCommand<StudyCommand>("study").WithDescription("Run a whole study (seed or seed-quick), follow it, print its findings and the report's address; exit 0 only if it completed.")
        .WithExample("study", "seed");
    config.AddCommand<HostsCommand>("hosts").WithDescription("Every executor host: liveness, accelerator, QEMU, capacity, VMs.");
});
return await app.RunAsync(args, stop.Token);
