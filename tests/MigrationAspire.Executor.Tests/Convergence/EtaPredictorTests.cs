using MigrationAspire.Contracts;
using MigrationAspire.Executor.Convergence;
using static MigrationAspire.Executor.Tests.Convergence.Scripted;

namespace MigrationAspire.Executor.Tests.Convergence;

/// <summary>
/// Forecasts on scripted histories at R = 10⁸ bytes/s (800 Mbit/s) with a 300 ms limit, so QEMU switches over once
/// a pass starts with at most 3·10⁷ bytes. The guest dirties 6 000 pages/s = 24 576 000 bytes/s (D/R = 0.24576).
/// </summary>
public sealed class EtaPredictorTests
{
    private const long DirtyPages = 6000;
    private const double DirtyBytes = DirtyPages * 4096.0;

    private static MigrationProgress Converging(int samples) => (Progress(GiB, 300) with { ProbedDirtyPagesRate = DirtyPages }).Observe(
        [.. new[]
        {
            Sample(0, 1, 200_000_000),
            Sample(1, 1, 100_000_000),
            Sample(2, 2, 49_152_000, dirtyPagesRate: DirtyPages),
        }.Take(samples)]);

    [Fact]
    public void Predict_converging_geometric_series_is_the_hand_worked_forecast()
    {
        // At 1 s, pass 1 has drained 10⁸ bytes in 1 s: 1 s more. Pass 2 then finds D × 2 s = 49 152 000 bytes
        // (> 3·10⁷) and takes 0.49152 s; pass 3 finds D × 0.49152 s = 12 079 595.52 bytes ≤ 3·10⁷: switch-over,
        // and a final copy of 120.796 ms.
        var first = EtaPredictor.Predict(Converging(2))!;
        var second = EtaPredictor.Predict(Converging(3))!;

        Assert.Equal((true, 3L, 300L), (first.WillConverge, first.SwitchoverPass!.Value, first.DowntimeLimitMs));
        Assert.Equal(1000 + 491.52 + 120.7959552, first.EtaMs!.Value, 6);
        Assert.Equal(120.7959552, first.PredictedDowntimeMs!.Value, 6);
        Assert.Equal(491.52 + 120.7959552, second.EtaMs!.Value, 6);
        // On a history that follows the model, every forecast names the same end.
        Assert.Equal(first.AtMs + first.EtaMs.Value, second.AtMs + second.EtaMs.Value, 6);
    }

    [Fact]
    public void Predict_in_the_first_pass_expects_no_more_than_the_planned_working_set_in_pass_2()
    {
        // As above, but the plan says the guest rewrites 20 MiB: pass 2 finds min(20 971 520, D × 2 s) = 20 971 520
        // bytes ≤ 3·10⁷, so QEMU switches over at its start, with a final copy of 209.7152 ms (not two more passes).
        var prediction = EtaPredictor.Predict(Converging(2) with { PlannedWorkingSetBytes = 20 * MiB })!;

        Assert.Equal((true, 2L), (prediction.WillConverge, prediction.SwitchoverPass!.Value));
        Assert.Equal(1000 + 209.7152, prediction.EtaMs!.Value, 6);
        // Once pass 2 has been seen, what it found is the working set, whatever the plan said.
        var seen = EtaPredictor.Predict(Converging(3) with { PlannedWorkingSetBytes = 20 * MiB })!;
        Assert.Equal(491.52 + 120.7959552, seen.EtaMs!.Value, 6);
    }

    [Fact]
    public void Predict_known_switchover_rate_times_the_final_copy_at_it()
    {
        var prediction = EtaPredictor.Predict(Converging(3) with { SwitchoverBytesPerSecond = 1e9 })!;

        Assert.Equal(12.07959552, prediction.PredictedDowntimeMs!.Value, 6);
    }

    [Fact]
    public void Predict_first_pass_of_zero_pages_ends_at_the_rate_it_drains()
    {
        // 512 MiB drained in 1 s, far above R: the other 512 MiB take another second, not 5.4 s.
        var progress = (Progress(GiB, 300) with { ProbedDirtyPagesRate = 0 }).Observe(Sample(0, 1, GiB), Sample(1, 1, 512 * MiB));

        var prediction = EtaPredictor.Predict(progress)!;

        Assert.Equal((true, 2L), (prediction.WillConverge, prediction.SwitchoverPass!.Value));
        Assert.Equal(1000, prediction.EtaMs!.Value, 6);
    }

    [Fact]
    public void Predict_first_pass_ends_when_the_plans_data_has_gone_at_R()
    {
        // 1.5·10⁸ bytes of data in a GiB guest; 5·10⁷ sent in 0.5 s: the other 10⁸ take 1 s at R (the drain rate would
        // say 9.5 s, zero pages and all). Pass 2 finds D × 1.5 s = 36 864 000 bytes (0.36864 s), pass 3 D × 0.36864 s
        // = 9 059 696.64 bytes ≤ 3·10⁷: switch-over, a final copy of 90.5969664 ms.
        var progress = (Progress(GiB, 300) with { ProbedDirtyPagesRate = DirtyPages, PlannedDataBytes = 150_000_000 }).Observe(
            Sample(0, 1, 1_000_000_000), Sample(0.5, 1, 950_000_000) with { TransferredBytes = 50_000_000 });

        var prediction = EtaPredictor.Predict(progress)!;

        Assert.Equal((true, 3L), (prediction.WillConverge, prediction.SwitchoverPass!.Value));
        Assert.Equal(1000 + 368.64 + 90.5969664, prediction.EtaMs!.Value, 6);
        // Once the plan's data is out, what is left is judged by the rate it drains at.
        var past = EtaPredictor.Predict(progress.Observe(Sample(2, 1, 900_000_000) with { TransferredBytes = 160_000_000 }))!;
        Assert.True(past.EtaMs > 10_000, $"{past.EtaMs} ms");
    }

    [Fact]
    public void Predict_dirty_rate_is_at_least_what_the_last_pass_left_dirty_over_its_duration()
    {
        // QEMU says 1 000 pages/s (a saturated count), but the 0.5 s pass 2 left 10⁸ bytes dirty: 2·10⁸ bytes/s ≥ R,
        // and 10⁸ > R × T: it will not converge (on QEMU's figure it would, at once).
        var progress = Progress(GiB, 300).Observe(
            Sample(0, 1, 200_000_000), Sample(2, 2, 100_000_000, dirtyPagesRate: 1000), Sample(2.5, 3, 100_000_000, dirtyPagesRate: 1000));

        Assert.False(EtaPredictor.Predict(progress)!.WillConverge);
    }

    [Fact]
    public void Predict_dirty_rate_above_bandwidth_will_not_converge()
    {
        // 30 000 pages/s = 122 880 000 bytes/s ≥ R, and a working set of 10⁸ bytes > R × T: every pass finds it all dirty.
        var progress = Progress(GiB, 300).Observe(
            Sample(0, 1, 200_000_000), Sample(2, 2, 100_000_000, dirtyPagesRate: 30_000), Sample(3, 3, 100_000_000, dirtyPagesRate: 30_000));

        var prediction = EtaPredictor.Predict(progress)!;

        Assert.False(prediction.WillConverge);
        Assert.Null(prediction.EtaMs);
        Assert.Null(prediction.PredictedDowntimeMs);
        Assert.Null(prediction.SwitchoverPass);
    }

    [Fact]
    public void Predict_dirty_rate_above_bandwidth_but_small_working_set_converges()
    {
        // Pass 2 began with 2.5·10⁷ bytes: the working set fits in R × T, however fast it is dirtied.
        var progress = Progress(GiB, 300).Observe(
            Sample(0, 1, 200_000_000), Sample(2, 2, 25_000_000, dirtyPagesRate: 30_000), Sample(2.1, 2, 15_000_000, dirtyPagesRate: 30_000));

        var prediction = EtaPredictor.Predict(progress)!;

        Assert.Equal((true, 3L), (prediction.WillConverge, prediction.SwitchoverPass!.Value));
        Assert.Equal(150 + 250, prediction.EtaMs!.Value, 6);
    }

    [Fact]
    public void Predict_policy_raises_the_limit_midway_flips_the_verdict()
    {
        // A working set of 5·10⁷ bytes dirtied faster than R: stuck at 300 ms (3·10⁷), fits at 900 ms (9·10⁷).
        var stuck = Progress(GiB, 300).Observe(
            Sample(0, 1, 200_000_000), Sample(2, 2, 50_000_000, dirtyPagesRate: 30_000), Sample(2.5, 3, 50_000_000, dirtyPagesRate: 30_000));
        var before = EtaPredictor.Predict(stuck)!;
        var raised = stuck.Apply(stuck.SetDowntimeLimit(900, "stall: raise"));

        var after = EtaPredictor.Predict(raised.Observe(Sample(2.6, 3, 40_000_000, dirtyPagesRate: 30_000)))!;

        Assert.Equal((false, 300L), (before.WillConverge, before.DowntimeLimitMs));
        Assert.Equal((true, 900L, 4L), (after.WillConverge, after.DowntimeLimitMs, after.SwitchoverPass!.Value));
        // Pass 3 has 4·10⁷ bytes left at 10⁸ bytes/s, then the 5·10⁷-byte working set is the final copy.
        Assert.Equal(400 + 500, after.EtaMs!.Value, 6);
    }

    [Theory]
    [InlineData(2.4, null, false)]
    [InlineData(2.5, null, true)]
    [InlineData(null, 1L, false)]
    [InlineData(null, 2L, true)]
    public void Predict_switch_over_after_a_run_limit_will_not_converge(double? maxTimeSeconds, long? maxPasses, bool willConverge)
    {
        // The forecast switch-over is at 2.49152 s, at the sync that begins pass 3.
        var progress = Converging(3) with { MaxTime = maxTimeSeconds is { } s ? TimeSpan.FromSeconds(s) : null, MaxPasses = maxPasses };

        Assert.Equal(willConverge, EtaPredictor.Predict(progress)!.WillConverge);
    }

    [Fact]
    public void Predict_without_measurements_is_absent()
    {
        Assert.Null(EtaPredictor.Predict(Progress(GiB, 300)));
        Assert.Null(EtaPredictor.Predict(Progress(GiB, 300).Observe(Sample(0.1, 0, 0))));
        // In pass 1 only a pre-migration probe knows the dirty rate.
        Assert.Null(EtaPredictor.Predict(Converging(2) with { ProbedDirtyPagesRate = null }));
        Assert.Null(EtaPredictor.Predict(Progress(GiB, 300).Observe(Sample(2, 2, 1000, mbps: 0, dirtyPagesRate: 10))));
        Assert.Null(EtaPredictor.Predict(Converging(3).Observe(Sample(2.6, 3, 1000, status: "device"))));
    }

    [Fact]
    public void Predict_dirty_rate_used_is_qemus_from_pass_two()
    {
        // The probe said nothing dirties; QEMU's own rate (D) is what pass 2 goes by.
        var progress = Converging(3) with { ProbedDirtyPagesRate = 0 };

        Assert.Equal(491.52 + 120.7959552, EtaPredictor.Predict(progress)!.EtaMs!.Value, 6);
        Assert.Equal(DirtyBytes * 0.49152 / 1e5, EtaPredictor.Predict(progress)!.PredictedDowntimeMs!.Value, 6);
    }
}
