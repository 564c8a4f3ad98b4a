using MigrationAspire.Cli.Lab;
using MigrationAspire.Cli.Output;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Experiments;

/// <summary>An experiment's status in one line, and what its exit code is.</summary>
internal static class ExperimentText
{
    /// <summary>"completed · 4 of 4 runs finished" or "running · 1 of 4 runs finished (1 failed), 1 running".</summary>
    public static string Progress(ExperimentHeadline experiment)
    {
        var runs = experiment.Runs;
        var text = $"{Units.Name(experiment.Status)} · {experiment.Finished} of {runs.Total} runs finished";
        var notes = new List<string>();
        if (runs.Failed > 0) notes.Add($"{runs.Failed} failed");
        if (runs.Cancelled > 0) notes.Add($"{runs.Cancelled} cancelled");
        if (notes.Count > 0) text += $" ({string.Join(", ", notes)})";
        if (runs.Running > 0) text += $", {runs.Running} running";
        return experiment.Reason is { Length: > 0 } reason ? $"{text} — {reason}" : text;
    }

    /// <summary>0 only for an experiment that completed with every run.</summary>
    public static int ExitCode(ExperimentStatus status) => status == ExperimentStatus.Completed ? ExitCodes.Ok : ExitCodes.NotCompleted;
}
