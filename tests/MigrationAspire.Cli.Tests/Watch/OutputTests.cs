using MigrationAspire.Cli.Experiments;
using MigrationAspire.Cli.Output;
using MigrationAspire.Cli.Watch;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Tests.Watch;

public sealed class OutputTests
{
    private static readonly RunLine Running = RunLine.From(Runs.Pending(0) with { Status = RunStatus.Running, Step = RunStep.Migrate });

    [Fact]
    public void Plain_output_prints_a_line_when_a_new_pass_begins_and_not_for_every_sample()
    {
        var pass2 = Running.With(new RunSampled(Running.RunId, Runs.Sample(700, 2, 100, 300), null));
        var pass2Later = pass2.With(new RunSampled(Running.RunId, Runs.Sample(900, 2, 80, 320), null));
        var pass3 = pass2Later.With(new RunSampled(Running.RunId, Runs.Sample(1100, 3, 20, 380), TimeSpan.FromMilliseconds(400)));

        Assert.Equal("exp-1a2b3c4d-0000  running/migrate  pass 2  100 MiB left  dirty 20 000 pages/s  sending 125 MiB/s", PlainBoardLog.Describe(Running, pass2));
        Assert.Null(PlainBoardLog.Describe(pass2, pass2Later));
        Assert.Equal("exp-1a2b3c4d-0000  running/migrate  pass 3  20 MiB left  dirty 20 000 pages/s  sending 125 MiB/s  ETA 400 ms", PlainBoardLog.Describe(pass2Later, pass3));
    }

    [Fact]
    public void In_pass_one_qemu_has_measured_neither_rate_so_both_read_as_absent_not_zero()
    {
        var first = Running.With(new RunSampled(Running.RunId, Runs.Sample(100, 1, 500, 0) with { DirtyPagesRate = 0, ThroughputMbps = 0 }, null));

        Assert.Equal("exp-1a2b3c4d-0000  running/migrate  pass 1  500 MiB left  dirty —  sending —", PlainBoardLog.Describe(Running, first));
    }

    [Fact]
    public void Once_qemu_published_a_dirty_rate_a_later_zero_is_a_reading_not_an_absence()
    {
        var unmeasured = Running.With(new RunSampled(Running.RunId, Runs.Sample(6000, 2, 60, 300) with { DirtyPagesRate = 0 }, null));
        var measured = unmeasured.With(new RunSampled(Running.RunId, Runs.Sample(6200, 2, 55, 305), null));
        var idle = measured.With(new RunSampled(Running.RunId, Runs.Sample(6400, 2, 50, 310) with { DirtyPagesRate = 0 }, null));

        Assert.Equal((null, 20_000L, 0L), (unmeasured.DirtyPagesRate, measured.DirtyPagesRate, idle.DirtyPagesRate));
    }

    [Fact]
    public void A_completed_runs_line_waits_for_its_figures()
    {
        var announced = Running.With(new RunChanged(Running.RunId, 0, RunStatus.Completed, null, null));
        var withFigures = announced.With(Runs.Pending(0) with { Status = RunStatus.Completed, Result = Runs.Result(3023, 16, 8) });

        Assert.Null(PlainBoardLog.Describe(Running, announced));
        Assert.StartsWith("exp-1a2b3c4d-0000  completed  total 3 023 ms", PlainBoardLog.Describe(announced, withFigures));
        Assert.Null(PlainBoardLog.Describe(withFigures, withFigures));
    }

    [Fact]
    public void Plain_output_sums_up_a_completed_run_and_names_why_a_run_failed()
    {
        var completed = Running.With(Runs.Pending(0) with { Status = RunStatus.Completed, Result = Runs.Result(3023, 16, 8) });
        var failed = Running.With(new RunChanged(Running.RunId, 0, RunStatus.Failed, null, "host b stopped answering"));

        Assert.Equal("exp-1a2b3c4d-0000  completed  total 3 023 ms  downtime 16 ms  8 passes  424 MiB sent", PlainBoardLog.Describe(Running, completed));
        Assert.Equal("exp-1a2b3c4d-0000  failed  host b stopped answering", PlainBoardLog.Describe(Running, failed));
    }

    [Fact]
    public void The_runs_table_without_a_terminal_is_plain_text_listing_every_run_with_absent_figures_as_dashes()
    {
        using var output = new StringWriter();
        var terminal = Terminal.Plain(output);
        var runs = new[]
        {
            Runs.Pending(0) with { Status = RunStatus.Completed, SourceHost = "a", DestinationHost = "b", Result = Runs.Result(3023, 16, 8) },
            Runs.Pending(1, "stopcopy"),
        };

        terminal.Write(RunsTable.Render(runs, terminal.Border));

        var text = output.ToString();
        Assert.DoesNotContain('\u001b', text);
        var lines = text.Split('\n');
        var first = Assert.Single(lines, l => l.Contains("exp-1a2b3c4d-0000"));
        var second = Assert.Single(lines, l => l.Contains("exp-1a2b3c4d-0001"));
        Assert.Contains("migration.mode=precopy", first);
        Assert.Contains("3 023 ms", first);
        Assert.Contains("a → b", first);
        Assert.Contains("pending", second);
        Assert.Equal(6, second.Count(c => c == '—'));
    }

    [Fact]
    public void The_live_view_draws_the_running_runs_figures_with_a_bar_and_its_eta_and_the_finished_runs_outcome()
    {
        var board = WatchBoard.From(Runs.Experiment(2), [Runs.Pending(0), Runs.Pending(1, "stopcopy")]);
        board.Apply(new RunViewed(Runs.Pending(0) with { Status = RunStatus.Completed, Result = Runs.Result(3023, 16, 8) }));
        board.Apply(new RunChanged("exp-1a2b3c4d-0001", 1, RunStatus.Running, RunStep.Migrate, null));
        board.Apply(new RunSampled("exp-1a2b3c4d-0001", Runs.Sample(900, 2, 100, 300), TimeSpan.FromSeconds(1.5)));
        using var output = new StringWriter();

        Terminal.Plain(output).Out.Write(LiveBoardView.Render(board, new Uri("http://lab/experiments/exp-1a2b3c4d"), maxRows: 20));

        var lines = output.ToString().Split('\n');
        var running = Assert.Single(lines, l => l.Contains("0001"));
        Assert.Contains("running/migrate", running);
        Assert.Contains("100 MiB", running);
        Assert.Contains("20 000 pages/s", running);
        Assert.Contains("125 MiB/s", running);
        Assert.Contains("ETA 1.5 s", running);
        Assert.Contains("━", running);
        Assert.Contains("downtime 16 ms · total 3 023 ms", Assert.Single(lines, l => l.Contains("0000")));
    }

    [Fact]
    public void The_live_view_keeps_the_first_unfinished_run_in_sight_when_runs_outnumber_rows()
    {
        var lines = Enumerable.Range(0, 30)
            .Select(i => RunLine.From(Runs.Pending(i) with { Status = i < 20 ? RunStatus.Completed : RunStatus.Pending }))
            .ToList();

        var (rows, first) = LiveBoardView.Window(lines, 8);

        Assert.Equal(18, first);
        Assert.Equal(Enumerable.Range(18, 8), rows.Select(r => r.Index));
    }

    [Theory]
    [InlineData(ExperimentStatus.Completed, ExitCodes.Ok)]
    [InlineData(ExperimentStatus.CompletedWithFailures, ExitCodes.NotCompleted)]
    [InlineData(ExperimentStatus.Cancelled, ExitCodes.NotCompleted)]
    [InlineData(ExperimentStatus.Failed, ExitCodes.NotCompleted)]
    public void Only_an_experiment_that_completed_exits_zero(ExperimentStatus status, int exitCode) =>
        Assert.Equal(exitCode, ExperimentText.ExitCode(status));

    [Theory]
    [InlineData(1, "pending · 1st in the admission queue · 0 of 2 runs finished")]
    [InlineData(2, "pending · 2nd in the admission queue · 0 of 2 runs finished")]
    [InlineData(12, "pending · 12th in the admission queue · 0 of 2 runs finished")]
    [InlineData(null, "pending · 0 of 2 runs finished")]
    public void A_queued_experiment_says_its_place_in_the_admission_queue(int? position, string text) =>
        Assert.Equal(text, ExperimentText.Progress(new MigrationAspire.Cli.Lab.ExperimentHeadline
        {
            Id = "exp-1a2b3c4d", Name = "queued", Status = ExperimentStatus.Pending, Runs = new RunCounts { Pending = 2 }, QueuePosition = position,
        }));
}
