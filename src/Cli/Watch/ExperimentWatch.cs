using System.Threading.Channels;
using MigrationAspire.Cli.Experiments;
using MigrationAspire.Cli.Lab;
using MigrationAspire.Cli.Output;
using MigrationAspire.Contracts;
using Spectre.Console;

namespace MigrationAspire.Cli.Watch;

/// <summary>Follows an experiment until it ends, then prints every run; the exit code says whether it completed.</summary>
internal sealed class ExperimentWatch(LabClient lab, Terminal terminal)
{
    public async Task<int> RunAsync(string experimentId, CancellationToken cancellationToken)
    {
        var experiment = await lab.GetExperimentAsync(experimentId, cancellationToken);
        var runs = await lab.GetRunsAsync(experimentId, cancellationToken);
        var board = WatchBoard.From(experiment, runs);
        // Not SingleReader: that channel cannot tell how many events wait (Count), which batches redraws.
        var channel = Channel.CreateUnbounded<WatchEvent>();
        var alreadyFinal = runs.Where(r => r.Status.IsFinal()).Select(r => r.Plan.RunId);
        var follower = new ExperimentFollower(lab, alreadyFinal).RunAsync(experimentId, channel.Writer, cancellationToken);
        try
        {
            if (terminal.Live)
                await ShowLiveAsync(board, channel.Reader, cancellationToken);
            else
                await LogAsync(board, channel.Reader, cancellationToken);
            await follower;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            terminal.Error.WriteLine($"Stopped watching; {experimentId} goes on in the lab. Watch it again: ./lab exp watch {experimentId}");
            return ExitCodes.Interrupted;
        }

        // The lab's final word, not the watch's reconstruction of it.
        var final = await lab.GetExperimentAsync(experimentId, cancellationToken);
        terminal.Write(RunsTable.Render(await lab.GetRunsAsync(experimentId, cancellationToken), terminal.Border));
        terminal.Out.WriteLine($"{final.Id} {final.Name}: {ExperimentText.Progress(ExperimentHeadline.From(final))}", RunsTable.StatusStyle(final.Status));
        terminal.Out.WriteLine($"Report: {lab.Report(final.Id)}");
        return ExperimentText.ExitCode(final.Status);
    }

    private async Task ShowLiveAsync(WatchBoard board, ChannelReader<WatchEvent> events, CancellationToken cancellationToken)
    {
        var page = lab.LivePage(board.Experiment.Id);
        int MaxRows() => terminal.Out.Profile.Height - 8;
        await terminal.Out.Live(LiveBoardView.Render(board, page, MaxRows()))
            .AutoClear(true)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                await foreach (var e in events.ReadAllAsync(cancellationToken))
                {
                    board.Apply(e);
                    // Samples arrive in bursts; draw once the burst is read.
                    if (events.Count == 0)
                        context.UpdateTarget(LiveBoardView.Render(board, page, MaxRows()));
                }
            });
    }

    private async Task LogAsync(WatchBoard board, ChannelReader<WatchEvent> events, CancellationToken cancellationToken)
    {
        terminal.Out.WriteLine($"{board.Experiment.Id} {board.Experiment.Name}: {ExperimentText.Progress(board.Experiment)}");
        await foreach (var e in events.ReadAllAsync(cancellationToken))
        {
            var before = e switch
            {
                RunChanged c => board[c.RunId],
                RunSampled s => board[s.RunId],
                RunViewed v => board[v.Run.Plan.RunId],
                _ => null,
            };
            var status = board.Experiment.Status;
            if (PlainBoardLog.Describe(before, board.Apply(e)) is { } line)
                terminal.Out.WriteLine(line);
            else if (e is ExperimentProgressed && board.Experiment.Status != status)
                terminal.Out.WriteLine($"{board.Experiment.Id}  {ExperimentText.Progress(board.Experiment)}");
        }
    }
}
