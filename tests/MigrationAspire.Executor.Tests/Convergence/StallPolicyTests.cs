using MigrationAspire.Contracts;
using MigrationAspire.Executor.Convergence;
using static MigrationAspire.Executor.Tests.Convergence.Scripted;

namespace MigrationAspire.Executor.Tests.Convergence;

/// <summary>
/// VEP 248's stall detector with KubeVirt's defaults (window 40 s, margin 4 %) on a pass every 10 s. At 60 s the
/// passes that began at 0, 10 and 20 s are a window old; the least of them is 100 MiB, so the pass at 60 s is
/// stalled when it has at least 96 MiB left.
/// </summary>
public sealed class StallPolicyTests
{
    private static readonly long[] BeforeSixty = [1000 * MiB, 200 * MiB, 100 * MiB, 99 * MiB, 98 * MiB, 97 * MiB];

    /// <summary>A pass every 10 s with these remaining bytes, at 10⁹ bytes/s (8000 Mbit/s) unless told.</summary>
    private static IEnumerable<LiveSample> Passes(IEnumerable<long> remaining, double mbps = 8000) =>
        remaining.Select((r, i) => Sample(i * 10, pass: i + 1, remainingBytes: r, mbps: mbps));

    private static StallPolicy Policy(StallPolicySpec? spec = null) => new(spec ?? new StallPolicySpec(), 300);

    [Fact]
    public void Replay_exactly_at_the_margin_is_a_stall()
    {
        var state = StallDetector.Replay(Progress(GiB, 300).Observe([.. Passes([.. BeforeSixty, 96 * MiB])]).Passes, new StallPolicySpec());

        Assert.Equal(60_000, state.StalledAtMs);
        Assert.Equal(100 * MiB, state.OutsideWindowMinimum);
        Assert.Equal(96 * MiB, state.BestRemainingBytes);
        Assert.True(state.AtLocalMinimum);
    }

    [Fact]
    public void Replay_one_byte_below_the_margin_is_progress()
    {
        var state = StallDetector.Replay(Progress(GiB, 300).Observe([.. Passes([.. BeforeSixty, 96 * MiB - 1])]).Passes, new StallPolicySpec());

        Assert.False(state.Stalled);
        Assert.Equal(100 * MiB, state.OutsideWindowMinimum);
    }

    [Fact]
    public void Decide_stall_at_a_local_minimum_within_max_raises_the_limit_to_max()
    {
        // 96 MiB at 10⁹ bytes/s: 100.7 ms implied, within 900 ms.
        var (progress, decisions) = Progress(GiB, 300).Drive(Policy(), Passes([.. BeforeSixty, 96 * MiB]));

        var raise = Assert.Single(decisions.Actions());
        Assert.Equal((60_000.0, 7L, ConvergenceAction.SetDowntimeLimit, 900L), (raise.AtMs, raise.Pass, raise.Action, raise.DowntimeLimitMs!.Value));
        Assert.Contains("stalled since 60 s, 96 MiB left (best 96 MiB); implied downtime 101 ms at 953.7 MiB/s ≤ max 900 ms", raise.Reason);
        Assert.Equal(900, progress.DowntimeLimitMs);
        Assert.Contains("progressing, 97 MiB is more than 4 % below 200 MiB", decisions[5].Reason);
        Assert.Contains("no pass began 40 s ago yet", decisions[3].Reason);
    }

    [Fact]
    public void Decide_one_byte_below_the_margin_does_nothing()
    {
        var (_, decisions) = Progress(GiB, 300).Drive(Policy(), Passes([.. BeforeSixty, 96 * MiB - 1]));

        Assert.Empty(decisions.Actions());
    }

    [Theory]
    [InlineData(1000, ConvergenceAction.SetDowntimeLimit, "implied downtime 805 ms at 119.2 MiB/s ≤ max 900 ms")]
    [InlineData(800, ConvergenceAction.SetDowntimeLimit, "implied downtime 1007 ms at 95.4 MiB/s ≤ 1.5 × max 900 ms")]
    [InlineData(400, ConvergenceAction.Abort, "implied downtime 2013 ms at 47.7 MiB/s > 1.5 × max 900 ms: pre-copy is hopeless")]
    public void Decide_raise_limit_depends_on_the_implied_downtime(double mbps, ConvergenceAction action, string reason)
    {
        var (_, decisions) = Progress(GiB, 300).Drive(Policy(), Passes([.. BeforeSixty, 96 * MiB], mbps));

        var decision = Assert.Single(decisions.Actions());
        Assert.Equal(action, decision.Action);
        Assert.Contains(reason, decision.Reason);
    }

    [Theory]
    [InlineData(StallAction.Postcopy, ConvergenceAction.SwitchToPostcopy)]
    [InlineData(StallAction.Pause, ConvergenceAction.Pause)]
    [InlineData(StallAction.Abort, ConvergenceAction.Abort)]
    public void Decide_other_actions_are_taken_once_at_the_stall(StallAction configured, ConvergenceAction expected)
    {
        var (_, decisions) = Progress(GiB, 300).Drive(Policy(new StallPolicySpec { Action = configured }),
            Passes([.. BeforeSixty, 96 * MiB, 96 * MiB, 90 * MiB]));

        var decision = Assert.Single(decisions.Actions());
        Assert.Equal((expected, 60_000.0), (decision.Action, decision.AtMs));
        Assert.Contains("stall: acted at 60 s", decisions[^1].Reason);
    }

    [Fact]
    public void Decide_stalled_above_the_best_waits_for_a_local_minimum()
    {
        // The best is 97 MiB: 110 MiB is a stall but not within 4 % of it; 100.8 MiB is (97 × 1.04 = 100.88).
        var (_, decisions) = Progress(GiB, 300).Drive(Policy(), Passes([.. BeforeSixty, 110 * MiB, (long)(100.9 * MiB), (long)(100.8 * MiB)]));

        Assert.Contains("stalled since 60 s, 110 MiB left (best 97 MiB); waiting for a local minimum within 4 % of the best", decisions[6].Reason);
        Assert.Equal(ConvergenceAction.None, decisions[7].Action);
        Assert.Equal(80_000, Assert.Single(decisions.Actions()).AtMs);
    }

    [Fact]
    public void Decide_best_never_comes_back_relaxes_the_target_when_the_patience_runs_out()
    {
        // Stalled at 60 s; the patience is a window (40 s), so at 100 s the target becomes the least seen since, 120 MiB.
        long[] remaining = [.. BeforeSixty, 110 * MiB, 120 * MiB, 120 * MiB, 125 * MiB, 120 * MiB];
        var (progress, decisions) = Progress(GiB, 300).Drive(Policy(), Passes(remaining));

        Assert.Equal(100_000, Assert.Single(decisions.Actions()).AtMs);
        var state = StallDetector.Replay(progress.Passes, new StallPolicySpec());
        Assert.Equal((1, 120 * MiB), (state.Relaxations, state.BestRemainingBytes!.Value));
    }

    [Fact]
    public void Decide_without_local_minimum_search_acts_at_the_stall()
    {
        var (_, decisions) = Progress(GiB, 300).Drive(Policy(new StallPolicySpec { SearchLocalMinima = false }), Passes([.. BeforeSixty, 110 * MiB]));

        Assert.Equal(60_000, Assert.Single(decisions.Actions()).AtMs);
    }

    [Fact]
    public void Decide_no_switch_over_after_raising_cancels_at_the_switchover_timeout()
    {
        var (raised, _) = Progress(GiB, 300).Drive(Policy(), Passes([.. BeforeSixty, 96 * MiB]));

        var waiting = Policy().Decide(raised.Observe(Sample(119.9, 7, 90 * MiB)));
        var timedOut = Policy().Decide(raised.Observe(Sample(120, 7, 90 * MiB)));

        Assert.Equal(ConvergenceAction.None, waiting.Action);
        Assert.Equal(ConvergenceAction.Abort, timedOut.Action);
        Assert.Contains("no switch-over 60 s after raising the limit to 900 ms (switchover timeout 60 s)", timedOut.Reason);
    }

    [Fact]
    public void Decide_mid_pass_or_without_bandwidth_does_not_act()
    {
        var stalled = Progress(GiB, 300).Observe([.. Passes([.. BeforeSixty, 96 * MiB], mbps: 0)]);

        Assert.Contains("no bandwidth measured yet", Policy().Decide(stalled).Reason);
        Assert.Contains("acts at pass boundaries only", Policy().Decide(stalled.Observe(Sample(61, 7, 90 * MiB))).Reason);
    }

    [Fact]
    public void For_stall_spec_starts_from_the_given_limit_capped_at_its_maximum()
    {
        Assert.Equal(300, ConvergencePolicies.For(new MigrationSpec { Policy = new() { Kind = ConvergencePolicyKind.Stall } }).InitialDowntimeLimitMs);
        Assert.Equal(900, ConvergencePolicies.For(new MigrationSpec { DowntimeLimitMs = 2000, Policy = new() { Kind = ConvergencePolicyKind.Stall } }).InitialDowntimeLimitMs);
    }
}
