using MigrationAspire.Contracts;
using MigrationAspire.Executor.Convergence;
using static MigrationAspire.Executor.Tests.Convergence.Scripted;

namespace MigrationAspire.Executor.Tests.Convergence;

public sealed class SteppedPolicyTests
{
    private static readonly SteppedPolicy Nova = new(new SteppedPolicySpec());

    [Fact]
    public void Schedule_three_gi_b_guest_with_novas_defaults_is_the_hand_worked_ramp()
    {
        // delay = 75 s/GiB × 3 GiB = 225 s; base = 500/10 = 50 ms; offset = (500 − 50)/10 = 45 ms.
        var schedule = Nova.Schedule(3 * GiB);

        Assert.Equal(Enumerable.Range(0, 11).Select(i => TimeSpan.FromSeconds(225 * i)), schedule.Select(s => s.At));
        Assert.Equal([50L, 95, 140, 185, 230, 275, 320, 365, 410, 455, 500], schedule.Select(s => s.LimitMs));
        Assert.Equal(50, Nova.InitialDowntimeLimitMs);
    }

    [Fact]
    public void Schedule_novas_docstring_example_is_reproduced()
    {
        // nova/virt/libvirt/migration.py: 10 steps, 30 s delay, 3 GB of RAM, 400 ms → every 90 s, 40 ms to 400 ms.
        var policy = new SteppedPolicy(new SteppedPolicySpec { DowntimeMs = 400, Steps = 10, DelaySecondsPerGiB = 30 });

        var schedule = policy.Schedule(3 * GiB);

        Assert.Equal(TimeSpan.FromSeconds(90), schedule[1].At);
        Assert.Equal([40L, 76, 112, 148, 184, 220, 256, 292, 328, 364, 400], schedule.Select(s => s.LimitMs));
    }

    [Fact]
    public void Schedule_steps_that_do_not_divide_truncate_as_pythons_int_does()
    {
        // Nova's formula run in Python 3: [int(500/7 + (500 − 500/7)/7 · i) for i in range(8)].
        var policy = new SteppedPolicy(new SteppedPolicySpec { Steps = 7 });

        Assert.Equal([71L, 132, 193, 255, 316, 377, 438, 500], policy.Schedule(3 * GiB).Select(s => s.LimitMs));
    }

    [Fact]
    public void StepInterval_small_guest_counts_as_novas_two_gi_b_unless_the_minimum_is_lowered()
    {
        Assert.Equal(TimeSpan.FromSeconds(150), Nova.StepInterval(512 * MiB));
        Assert.Equal(TimeSpan.FromSeconds(1.5), new SteppedPolicy(new SteppedPolicySpec { DelaySecondsPerGiB = 3, MinimumGiB = 0 }).StepInterval(512 * MiB));
    }

    [Fact]
    public void Decide_three_gi_b_guest_fires_each_step_just_after_its_mark_as_novas_elapsed_greater_than()
    {
        // Samples skip steps 3 and 5..8: Nova sets the step due at each sample, not every step in between.
        var times = new[] { 0.5, 224.9, 225.0, 225.001, 300, 450, 450.5, 900.5, 2249, 2250.5, 3000 };

        var (progress, decisions) = Progress(3 * GiB, Nova.InitialDowntimeLimitMs)
            .Drive(Nova, times.Select((t, i) => Sample(t, pass: i + 1, remainingBytes: 500 * MiB)));

        Assert.Equal(
            [(225.001, 95L), (450.5, 140L), (900.5, 230L), (2249, 455L), (2250.5, 500L)],
            decisions.Actions().Select(d => (d.AtMs / 1000, d.DowntimeLimitMs!.Value)));
        Assert.Equal(500, progress.DowntimeLimitMs);
        Assert.Contains("Nova step 1 of 10: 225.001 s elapsed > 225 s (1 × 75 s/GiB × 3 GiB)", decisions[3].Reason);
        Assert.Contains("step 0 of 10: 50 ms is in force already", decisions[0].Reason);
        Assert.Contains("step 0 of 10", decisions[2].Reason);
    }

    [Fact]
    public void Decide_limit_not_set_before_migrate_sets_step_zero_at_the_first_sample()
    {
        var decision = Nova.Decide(Progress(3 * GiB, 300).Observe(Sample(0.1, 1, GiB)));

        Assert.Equal((ConvergenceAction.SetDowntimeLimit, 50L), (decision.Action, decision.DowntimeLimitMs!.Value));
    }

    [Fact]
    public void Decide_converging_guest_changes_nothing_before_it_converges()
    {
        // 512 MiB guest: the first step is 150 s away, and this pre-copy converges in 4 s.
        var samples = Enumerable.Range(1, 40).Select(i => Sample(i * 0.1, pass: 1 + i / 10, remainingBytes: (long)(300 * MiB * Math.Pow(0.5, i / 4.0))));

        var (progress, decisions) = Progress(512 * MiB, Nova.InitialDowntimeLimitMs).Drive(Nova, samples);

        Assert.Empty(decisions.Actions());
        Assert.Equal(50, progress.DowntimeLimitMs);
        Assert.Empty(progress.Decisions);
    }
}
