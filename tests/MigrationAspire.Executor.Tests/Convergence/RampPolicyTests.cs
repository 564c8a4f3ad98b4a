using MigrationAspire.Contracts;
using MigrationAspire.Executor.Convergence;
using static MigrationAspire.Executor.Tests.Convergence.Scripted;

namespace MigrationAspire.Executor.Tests.Convergence;

public sealed class RampPolicyTests
{
    /// <summary>VEP 291's worked example: ceiling 1050 ms, the other settings at their defaults.</summary>
    private static readonly RampPolicy Vep291 = new(new RampPolicySpec { MaxMs = 1050 });

    [Fact]
    public void Levels_vep_example_are_seven_equal_steps_from_initial_to_max()
    {
        // 150 + ⌊k·900/7⌋: 128.57, 257.14, 385.71, 514.29, 642.86, 771.43, 900.
        Assert.Equal([150L, 278, 407, 535, 664, 792, 921, 1050], Vep291.Levels);
        Assert.Equal([150L, 257, 364, 471, 578, 685, 792, 900], new RampPolicy(new RampPolicySpec()).Levels);
        Assert.Equal(150, Vep291.InitialDowntimeLimitMs);
    }

    /// <summary>Pass 1 for 40 s, pass 2 until 75 s, then a pass a second: VEP 291's timeline.</summary>
    private static IEnumerable<LiveSample> VepTimeline(double until) =>
        Enumerable.Range(0, (int)until + 1).Select(t => Sample(t, pass: t < 40 ? 1 : t < 75 ? 2 : 3 + (t - 75), remainingBytes: 800 * MiB));

    [Fact]
    public void Decide_vep_timeline_steps_every_cooldown_from_pass_three_up_to_the_maximum()
    {
        var (progress, decisions) = Progress(8 * GiB, Vep291.InitialDowntimeLimitMs).Drive(Vep291, VepTimeline(200));

        Assert.Equal(
            [(85.0, 278L), (95, 407), (105, 535), (115, 664), (125, 792), (135, 921), (145, 1050)],
            decisions.Actions().Select(d => (d.AtMs / 1000, d.DowntimeLimitMs!.Value)));
        Assert.Equal(1050, progress.DowntimeLimitMs);
        Assert.Contains("VEP 291 step 1 of 7: pass 13, 10 s since pass 3 began ≥ cooldown 10 s", decisions[85].Reason);
        Assert.Contains("step 2 of 7: pass 23, 10 s since the last step", decisions[95].Reason);
        Assert.Contains("1050 ms is the maximum", decisions[200].Reason);
    }

    [Fact]
    public void Decide_before_pass_three_waits_however_long_it_takes()
    {
        var samples = Enumerable.Range(0, 300).Select(t => Sample(t, pass: t < 100 ? 1 : 2, remainingBytes: 800 * MiB));

        var (_, decisions) = Progress(8 * GiB, 150).Drive(Vep291, samples);

        Assert.Empty(decisions.Actions());
        Assert.Contains("pass 2 has not reached 3", decisions[^1].Reason);
    }

    [Fact]
    public void Decide_cooldown_boundary_steps_at_exactly_the_cooldown_not_before()
    {
        var progress = Progress(8 * GiB, 150).Observe(Sample(0, 1, GiB), Sample(1, 2, GiB), Sample(2, 3, GiB), Sample(11.999, 3, GiB));

        var early = Vep291.Decide(progress);
        var due = Vep291.Decide(progress.Observe(Sample(12, 4, GiB)));

        Assert.Equal(ConvergenceAction.None, early.Action);
        Assert.Contains("cooldown, 9.999 s since pass 3 began < 10 s", early.Reason);
        Assert.Equal((ConvergenceAction.SetDowntimeLimit, 278L), (due.Action, due.DowntimeLimitMs!.Value));
    }

    [Fact]
    public void Decide_cooldown_after_a_step_runs_from_that_step()
    {
        var (progress, _) = Progress(8 * GiB, 150).Drive(Vep291, [Sample(0, 1, GiB), Sample(1, 3, GiB), Sample(11, 4, GiB)]);

        Assert.Equal(ConvergenceAction.None, Vep291.Decide(progress.Observe(Sample(20.9, 40, GiB))).Action);
        Assert.Equal(407, Vep291.Decide(progress.Observe(Sample(21, 41, GiB))).DowntimeLimitMs);
    }

    [Fact]
    public void Decide_limit_not_set_before_migrate_sets_the_initial_first()
    {
        var decision = Vep291.Decide(Progress(8 * GiB, 300).Observe(Sample(0.1, 1, GiB)));

        Assert.Equal((ConvergenceAction.SetDowntimeLimit, 150L), (decision.Action, decision.DowntimeLimitMs!.Value));
        Assert.Contains("initial target downtime 150 ms", decision.Reason);
    }
}
