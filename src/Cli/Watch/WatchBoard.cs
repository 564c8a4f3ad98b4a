using MigrationAspire.Cli.Lab;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Watch;

/// <summary>An experiment as the watch knows it, changed only by <see cref="Apply"/>: one line per run.</summary>
internal sealed class WatchBoard
{
    private readonly SortedDictionary<int, RunLine> runs = [];
    private readonly Dictionary<string, int> indexOf = [];

    private WatchBoard(ExperimentHeadline experiment) => Experiment = experiment;

    public ExperimentHeadline Experiment { get; private set; }

    /// <summary>Set by the stream's <c>end</c> event: the watch is over.</summary>
    public ExperimentStatus? Ended { get; private set; }

    public IReadOnlyCollection<RunLine> Runs => runs.Values;

    public static WatchBoard From(ExperimentView experiment, IEnumerable<RunRecord> runs)
    {
        var board = new WatchBoard(ExperimentHeadline.From(experiment));
        foreach (var run in runs)
            board.Put(RunLine.From(run));
        return board;
    }

    public RunLine? this[string runId] => indexOf.TryGetValue(runId, out var index) ? runs[index] : null;

    /// <summary>Applies an event; returns the run line it changed, if it changed one.</summary>
    public RunLine? Apply(WatchEvent e)
    {
        switch (e)
        {
            case ExperimentProgressed p:
                Experiment = p.Experiment;
                return null;
            case ExperimentEnded end:
                Ended = end.Status;
                Experiment = Experiment with { Status = end.Status };
                return null;
            case RunChanged change:
                return Put(this[change.RunId] is { } line ? line.With(change) : null);
            case RunViewed viewed:
                return Put(this[viewed.Run.Plan.RunId] is { } known ? known.With(viewed.Run) : RunLine.From(viewed.Run));
            case RunSampled sampled:
                return Put(this[sampled.RunId]?.With(sampled));
            default:
                return null;
        }
    }

    private RunLine? Put(RunLine? line)
    {
        if (line is null)
            return null;
        runs[line.Index] = line;
        indexOf[line.RunId] = line.Index;
        return line;
    }
}
