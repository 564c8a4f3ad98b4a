using System.ComponentModel;
using MigrationAspire.Cli.Lab;
using MigrationAspire.Cli.Output;
using MigrationAspire.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MigrationAspire.Cli.Studies;

internal sealed class StudySettings : LabSettings
{
    [CommandArgument(0, "<PRESET>")]
    [Description("The study preset: seed (every figure of the seed study) or seed-quick (the same structure, smaller).")]
    public string Preset { get; set; } = "";
}

/// <summary>Starts a study and follows it: one line per change of an experiment, then the findings and the report's address.</summary>
internal sealed class StudyCommand(Terminal terminal) : AsyncCommand<StudySettings>
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(3);

    public override async Task<int> ExecuteAsync(CommandContext context, StudySettings settings, CancellationToken cancellationToken)
    {
        using var lab = new LabClient(settings.ApiAddress);
        var study = await lab.StartStudyAsync(settings.Preset, cancellationToken);
        terminal.Out.WriteLine($"Started study {study.Id} ({study.Preset}): {study.Experiments.Count} experiments, run one after another.");
        var seen = new Dictionary<string, string>();
        StudyDetail detail;
        while (true)
        {
            detail = await lab.GetStudyAsync(study.Id, cancellationToken);
            foreach (var experiment in detail.Study.Experiments.Where(e => e.Status is not null))
            {
                var line = Progress(experiment);
                if (seen.GetValueOrDefault(experiment.ExperimentId) != line)
                    terminal.Out.WriteLine(line);
                seen[experiment.ExperimentId] = line;
            }
            if (detail.Study.Status.IsFinal())
                break;
            await Task.Delay(Poll, cancellationToken);
        }

        terminal.Out.WriteLine($"Study {study.Id} {detail.Study.Status}.");
        if (detail.Findings is { } findings)
            terminal.Write(FindingsTable(findings));
        else
            terminal.Error.WriteLine($"No findings: {detail.FindingsUnavailable}");
        terminal.Out.WriteLine($"Report: {new Uri(lab.Api, detail.Report.TrimStart('/'))}");
        return detail.Study.Status == ExperimentStatus.Completed ? ExitCodes.Ok : ExitCodes.NotCompleted;
    }

    private static string Progress(StudyExperimentView e) =>
        $"  {e.Experiment,-10} {e.ExperimentId}: {e.Status}" + (e.QueuePosition is { } p ? $" (#{p} in the admission queue)" : "") + (e.Runs is { } r ? $", {r.Completed + r.Failed + r.Cancelled}/{r.Total} runs ended ({r.Failed} failed)" : "");

    private Table FindingsTable(IReadOnlyList<StudyFinding> findings)
    {
        var table = new Table().Border(terminal.Border).AddColumns("figure", "statement", "statistic", "95 % CI", "n", "verdict");
        foreach (var f in findings)
        {
            var s = f.Statistic;
            table.AddRow(Markup.Escape(f.Figure), Markup.Escape(f.Statement), Markup.Escape($"{s.Kind} {Units.Number(s.Value)}"),
                Markup.Escape(s.Ci95Low is null ? "—" : $"[{Units.Number(s.Ci95Low)}, {Units.Number(s.Ci95High)}]"),
                s.N2 is { } n2 ? $"{s.N} / {n2}" : s.N.ToString(), Markup.Escape(f.Verdict));
        }
        return table;
    }
}
