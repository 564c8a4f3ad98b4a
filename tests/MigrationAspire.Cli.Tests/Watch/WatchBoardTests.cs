using MigrationAspire.Cli.Watch;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Tests.Watch;

public sealed class WatchBoardTests
{
    private static WatchBoard Board() => WatchBoard.From(Runs.Experiment(2), [Runs.Pending(0), Runs.Pending(1, "stopcopy")]);

    [Fact]
    public void A_sample_updates_the_running_runs_pass_figures_and_progress()
    {
        var board = Board();
        board.Apply(new RunChanged("exp-1a2b3c4d-0000", 0, RunStatus.Running, RunStep.Migrate, null));

        var line = board.Apply(new RunSampled("exp-1a2b3c4d-0000", Runs.Sample(800, 2, 100, 300), TimeSpan.FromSeconds(2)))!;

        Assert.Equal((RunStatus.Running, 2L, 0.75, TimeSpan.FromSeconds(2)), (line.Status, line.Pass, line.Progress, line.Eta));
        Assert.Equal("migration.mode=precopy", line.Group);
    }

    [Fact]
    public void A_streams_final_sample_leaves_the_last_measured_figures_in_place()
    {
        var board = Board();
        board.Apply(new RunSampled("exp-1a2b3c4d-0000", Runs.Sample(800, 5, 10, 300), null));

        var line = board.Apply(new RunSampled("exp-1a2b3c4d-0000", new LiveSample { AtMs = 2500, Status = "completed" }, null))!;

        Assert.Equal((5L, 10L << 20), (line.Pass, line.Latest!.RemainingBytes));
    }

    [Fact]
    public void A_finished_runs_view_brings_its_result_and_its_pass_count()
    {
        var board = Board();
        var done = Runs.Pending(1, "stopcopy") with { Status = RunStatus.Completed, Result = Runs.Result(1409, 1430, 3) };

        var line = board.Apply(new RunViewed(done))!;

        Assert.Equal((RunStatus.Completed, 3L, 1430.0), (line.Status, line.Pass, line.Result!.DowntimeMs));
        Assert.Equal([0, 1], board.Runs.Select(r => r.Index));
    }

    [Fact]
    public void The_end_event_marks_the_watch_over_with_the_final_status()
    {
        var board = Board();

        board.Apply(new ExperimentEnded(ExperimentStatus.Cancelled));

        Assert.Equal(ExperimentStatus.Cancelled, board.Ended);
        Assert.Equal(ExperimentStatus.Cancelled, board.Experiment.Status);
    }

    [Fact]
    public void Events_about_runs_the_board_does_not_know_change_nothing()
    {
        var board = Board();

        Assert.Null(board.Apply(new RunSampled("exp-other-0000", Runs.Sample(1, 1, 1, 1), null)));
        Assert.Null(board.Apply(new RunChanged("exp-other-0000", 0, RunStatus.Failed, null, "boom")));
        Assert.All(board.Runs, r => Assert.Equal(RunStatus.Pending, r.Status));
    }
}
