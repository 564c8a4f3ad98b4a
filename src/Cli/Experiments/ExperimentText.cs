using MigrationAspire.Cli.Lab;
using MigrationAspire.Cli.Output;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Experiments;

/// <summary>An experiment's status in one line, and what its exit code is.</summary>
internal static class ExperimentText
{
    /// <summary>
    /// "completed · 4 of 4 runs finished", "running · 1 of 4 runs finished (1 failed), 1 running" or
    /// "pending · 2nd in the admission queue · 0 of 4 runs finished".
    /// </summary>
    public static string Progress(ExperimentHeadline experiment)
    {
        var runs = experiment.Runs;
        var text = Status(experiment) + $" · {experiment.Finished} of {runs.Total} runs finished";
        var notes = new List<string>();
        if (runs.Failed > 0) notes.Add($"{runs.Failed} failed");
        if (runs.Cancelled > 0) notes.Add($"{runs.Cancelled} cancelled");
        if (notes.Count > 0) text += $" ({string.Join(", ", notes)})";
        if (runs.Running > 0) text += $", {runs.Running} running";
        return experiment.Reason is { Length: > 0 } reason ? $"{text} — {reason}" : text;
    }

    /// <summary>"pending · 2nd in the admission queue" while queued; else the status.</summary>
    public static string Status(ExperimentHeadline experiment) => experiment.QueuePosition is { } position
        ? $"{Units.Name(experiment.Status)} · {Ordinal(position)} in the admission queue"
        : Units.Name(experiment.Status);

    private static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    /// <summary>0 only for an experiment that completed with every run.</summary>
    public static int ExitCode(ExperimentStatus status) => status == ExperimentStatus.Completed ? ExitCodes.Ok : ExitCodes.NotCompleted;
}
