using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Model;
using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Tests.Statistics;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Model;

public sealed class ModelComparisonTests
{
    private const double MiB = 1024 * 1024;

    private static GroupData Group(RunPlan plan, Dictionary<string, double[]> measured) =>
        new("g", 0, new RunTally(2, 2, 0, 0), plan.Parameters, plan, null,
            MetricCatalog.Summarized.ToDictionary(m => m.Name, m => measured.GetValueOrDefault(m.Name, [])));

    private static RunPlan Plan(int memoryMiB, int workingSetMiB, MigrationMode mode, double? bandwidthMiBps = 100,
        int dirtyRate = 1000, WorkloadPattern pattern = WorkloadPattern.Sequential, int sweepIntervalMs = 1000) =>
        TestRuns.Plan("exp", 0, [],
            vm: new VmSpec { MemoryMiB = memoryMiB },
            workload: new WorkloadSpec
            {
                WorkingSetMiB = workingSetMiB, DirtyRatePagesPerSecond = dirtyRate, Pattern = pattern, SweepIntervalMs = sweepIntervalMs,
            },
            migration: new MigrationSpec { Mode = mode, MaxBandwidthMiBps = bandwidthMiBps });

    [Fact]
    public void A_prediction_that_never_converges_has_no_error_against_runs_that_ended_otherwise()
    {
        // 12 000 pages/s (47 MiB/s) rewriting 24 MiB over 32 MiB/s under 100 ms: the model runs to its 1 000-pass cap,
        // which QEMU has not; the runs (converged after a policy raised the limit) are not held against that.
        var plan = Plan(256, 24, MigrationMode.Precopy, bandwidthMiBps: 32, dirtyRate: 12_000);
        plan = plan with { Migration = plan.Migration with { DowntimeLimitMs = 100 } };
        var model = ModelComparison.For(Group(plan, new() { ["totalTimeMs"] = [13_000, 12_500], ["downtimeMs"] = [560, 700] }), guestBaseFootprintMiB: 48);

        Assert.Equal(ModelOutcome.NonConvergent, model.Prediction!.Outcome);
        Assert.Empty(model.Errors);
        Assert.Contains(model.Notes, n => n.Contains("no error is computed", StringComparison.Ordinal));
        // With a pass limit in the plan the forced switch-over is what the run does, and it is compared.
        var limited = plan with { Migration = plan.Migration with { MaxPasses = 30 } };
        Assert.NotEmpty(ModelComparison.For(Group(limited, new() { ["totalTimeMs"] = [13_000] }), guestBaseFootprintMiB: 48).Errors);
    }

    [Fact]
    public void Stop_and_copy_error_is_the_mean_of_each_runs_relative_error()
    {
        // V = 52 MiB working set + 48 MiB footprint = 100 MiB at 100 MiB/s: 1000 ms down, 1000 ms in all.
        // Measured 1250 and 800 ms: relative errors 250/1250 = 0.2 and 200/800 = 0.25, mean 0.225;
        // signed errors −250 and +200, mean −25; absolute mean 225. The model's stop-and-copy downtime is the
        // whole pause: it is held against hostPauseMs, never against QEMU's downtimeMs of its final phase.
        var group = Group(Plan(512, 52, MigrationMode.Stopcopy), new()
        {
            ["downtimeMs"] = [7, 6],
            ["hostPauseMs"] = [1250, 800],
            ["totalTimeMs"] = [1250, 800],
            ["precopyTimeMs"] = [0, 0],
            ["transferredBytes"] = [100 * MiB, 110 * MiB],
        });

        var model = ModelComparison.For(group, guestBaseFootprintMiB: 48);

        Assert.Null(model.Unavailable);
        Assert.Equal(100 * MiB, model.Inputs!.MemoryBytes);
        Assert.Equal(ModelOutcome.StopAndCopy, model.Prediction!.Outcome);
        Approx.Absolute(1000, model.Prediction.DowntimeMs, 1e-9);
        Assert.False(model.Errors.ContainsKey("downtimeMs"));
        var downtime = model.Errors["hostPauseMs"];
        Assert.Equal(2, downtime.N);
        Approx.Absolute(0.225, downtime.MeanRelativeError, 1e-12);
        Approx.Absolute(-25, downtime.MeanError, 1e-9);
        Approx.Absolute(225, downtime.MeanAbsoluteError, 1e-9);
        // 0 of 100 MiB off, then 10 of 110 MiB: mean (0 + 1/11)/2.
        Approx.Absolute(1.0 / 22, model.Errors["transferredBytes"].MeanRelativeError, 1e-12);
        // Stop-and-copy measures no pre-copy time: nothing to divide by.
        Assert.Equal(0, model.Errors["precopyTimeMs"].RelativeN);
        Assert.Null(model.Errors["precopyTimeMs"].MeanRelativeError);
        Approx.Absolute(0, model.Errors["precopyTimeMs"].MeanError, 1e-12);
    }

    [Fact]
    public void Pre_copy_prediction_follows_the_passes_worked_out_by_hand()
    {
        // V = 100 MiB at R = 100 MiB/s: pass 0 takes 1 s while the guest dirties 1000 × 4096 = 4 096 000 B,
        // under the 0.3 s · R = 31 457 280 B threshold, so the guest pauses to send it: 4 096 000 / R = 39.0625 ms.
        var group = Group(Plan(512, 52, MigrationMode.Precopy), new() { ["totalTimeMs"] = [1039.0625 * 2] });

        var model = ModelComparison.For(group, guestBaseFootprintMiB: 48);

        var prediction = model.Prediction!;
        Assert.Equal(ModelOutcome.Converged, prediction.Outcome);
        Assert.Equal(1, prediction.PrecopyPasses);
        Approx.Absolute(39.0625, prediction.DowntimeMs, 1e-9);
        Approx.Absolute(1000, prediction.PrecopyTimeMs, 1e-9);
        Approx.Absolute(1039.0625, prediction.TotalTimeMs, 1e-9);
        Approx.Absolute(108_953_600, prediction.TransferredBytes, 1e-3);
        Approx.Absolute(4_096_000, model.Inputs!.DirtyRateBytesPerSecond, 1e-9);
        Approx.Absolute(0.5, model.Errors["totalTimeMs"].MeanRelativeError, 1e-12);
        Assert.Equal(0, model.Errors["downtimeMs"].N);
    }

    [Fact]
    public void Qemus_defaults_apply_and_memory_to_send_is_capped_at_the_vms_memory()
    {
        var (input, _) = RunModel.InputFor(Plan(64, 32, MigrationMode.Precopy, bandwidthMiBps: null), guestBaseFootprintMiB: 48);

        Assert.Equal(64 * MiB, input!.MemoryBytes);
        Assert.Equal(32 * MiB, input.WorkingSetBytes);
        Assert.Equal(128 * MiB, input.BandwidthBytesPerSecond);
        Assert.Equal(0.3, input.DowntimeLimitSeconds);
        Assert.Equal(RunModel.DefaultMaxPasses, input.MaxPasses);
    }

    [Fact]
    public void A_shaped_link_slower_than_qemus_cap_is_the_rate_and_a_faster_one_leaves_the_cap()
    {
        var slow = Plan(512, 64, MigrationMode.Precopy, bandwidthMiBps: 10_000) with { Network = new NetworkSpec { BandwidthMbit = 256 } };
        var fast = Plan(512, 64, MigrationMode.Precopy, bandwidthMiBps: 20) with { Network = new NetworkSpec { BandwidthMbit = 1000 } };

        // 256 Mbit/s = 32 000 000 B/s, below 10 000 MiB/s; 1 000 Mbit/s = 125 000 000 B/s, above 20 MiB/s.
        Assert.Equal(32_000_000, RunModel.InputFor(slow, 48).Input!.BandwidthBytesPerSecond);
        Assert.Equal(20 * MiB, RunModel.InputFor(fast, 48).Input!.BandwidthBytesPerSecond);
    }

    [Fact]
    public void Resident_memory_is_sent_as_its_share_of_what_the_working_set_and_footprint_leave()
    {
        var plan = Plan(1024, 64, MigrationMode.Stopcopy);
        var full = plan with { Workload = plan.Workload with { ResidentPercent = 90 } };

        // 64 + 48 = 112 MiB written; 90 % of the other 912 MiB is 820.8 MiB more: 932.8 MiB to send.
        Assert.Equal(112 * MiB, RunModel.InputFor(plan, 48).Input!.MemoryBytes);
        Assert.Equal(932.8 * MiB, RunModel.InputFor(full, 48).Input!.MemoryBytes, 1e-3);
    }

    [Fact]
    public void The_sweep_pattern_dirties_its_whole_working_set_every_interval()
    {
        var (input, _) = RunModel.InputFor(
            Plan(512, 64, MigrationMode.Precopy, dirtyRate: 0, pattern: WorkloadPattern.Sweep, sweepIntervalMs: 2000), 48);

        // 64 MiB every 2 s.
        Assert.Equal(32 * MiB, input!.DirtyRateBytesPerSecond);
    }

    [Fact]
    public void A_workload_without_a_dirty_rate_has_no_prediction_and_says_why()
    {
        var group = Group(Plan(512, 64, MigrationMode.Precopy, dirtyRate: 0), new() { ["downtimeMs"] = [10] });

        var model = ModelComparison.For(group, 48);

        Assert.Null(model.Prediction);
        Assert.Contains("as fast as the guest can", model.Unavailable);
        Assert.Empty(model.Errors);
    }
}
