using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Statistics;

public sealed class PrecopyModelTests
{
    private const double MiB = 1024 * 1024;
    private const double Tolerance = 1e-9;

    // V = 1 GiB, R = 100 MiB/s, D = 10 MiB/s, W = V, T = 0.3 s → the guest pauses once ≤ 30 MiB is dirty.
    private static readonly MigrationModelInput OneGiB = new()
    {
        MemoryBytes = 1024 * MiB,
        WorkingSetBytes = 1024 * MiB,
        DirtyRateBytesPerSecond = 10 * MiB,
        BandwidthBytesPerSecond = 100 * MiB,
        DowntimeLimitSeconds = 0.3,
        MaxPasses = 30,
    };

    [Fact]
    public void Precopy_of_one_gib_converges_after_two_passes()
    {
        // Pass 0: 1024 MiB in 10.24 s; meanwhile 10 · 10.24 = 102.4 MiB dirtied > 30 MiB.
        // Pass 1: 102.4 MiB in 1.024 s; meanwhile 10.24 MiB dirtied ≤ 30 MiB → pause.
        // Stop-and-copy 10.24 MiB: downtime 0.1024 s. Pre-copy 11.264 s, total 11.3664 s,
        // transferred 1024 + 102.4 + 10.24 = 1136.64 MiB.
        var prediction = PrecopyModel.Predict(OneGiB);

        Assert.Equal(ModelOutcome.Converged, prediction.Outcome);
        Assert.Equal(2, prediction.PrecopyPasses);
        Assert.Equal(11.264, prediction.PrecopyTimeSeconds, Tolerance);
        Assert.Equal(0.1024, prediction.DowntimeSeconds, Tolerance);
        Assert.Equal(11.3664, prediction.TotalTimeSeconds, Tolerance);
        Assert.Equal(1136.64, prediction.TransferredBytes / MiB, Tolerance);
        Assert.Equal(10.24, prediction.StopCopyBytes / MiB, Tolerance);
    }

    [Fact]
    public void Switch_over_overhead_adds_to_downtime_and_total()
    {
        var prediction = PrecopyModel.Predict(OneGiB with { SwitchOverheadSeconds = 0.05 });

        Assert.Equal(0.1524, prediction.DowntimeSeconds, Tolerance);
        Assert.Equal(11.4164, prediction.TotalTimeSeconds, Tolerance);
    }

    [Fact]
    public void Working_set_caps_what_a_pass_can_find_dirty()
    {
        // W = 64 MiB. Pass 0: 10.24 s, 102.4 MiB written but only 64 MiB distinct.
        // Pass 1: 64 MiB in 0.64 s; 6.4 MiB dirtied → pause. Downtime 0.064 s,
        // pre-copy 10.88 s, total 10.944 s, transferred 1024 + 64 + 6.4 = 1094.4 MiB.
        var prediction = PrecopyModel.Predict(OneGiB with { WorkingSetBytes = 64 * MiB });

        Assert.Equal(ModelOutcome.Converged, prediction.Outcome);
        Assert.Equal(2, prediction.PrecopyPasses);
        Assert.Equal(10.88, prediction.PrecopyTimeSeconds, Tolerance);
        Assert.Equal(0.064, prediction.DowntimeSeconds, Tolerance);
        Assert.Equal(10.944, prediction.TotalTimeSeconds, Tolerance);
        Assert.Equal(1094.4, prediction.TransferredBytes / MiB, Tolerance);
    }

    [Fact]
    public void A_small_working_set_converges_even_when_dirtying_outpaces_the_link()
    {
        // D = 200 MiB/s > R, W = 16 MiB: after pass 0 (10.24 s) only 16 MiB is dirty, 16/100 = 0.16 s ≤ 0.3 s.
        var prediction = PrecopyModel.Predict(OneGiB with
        {
            DirtyRateBytesPerSecond = 200 * MiB,
            WorkingSetBytes = 16 * MiB,
        });

        Assert.Equal(ModelOutcome.Converged, prediction.Outcome);
        Assert.Equal(1, prediction.PrecopyPasses);
        Assert.Equal(10.24, prediction.PrecopyTimeSeconds, Tolerance);
        Assert.Equal(0.16, prediction.DowntimeSeconds, Tolerance);
        Assert.Equal(1040, prediction.TransferredBytes / MiB, Tolerance);
    }

    [Theory]
    [InlineData(150.0)]
    [InlineData(100.0)] // D = R: the dirty set does not shrink either
    public void Dirtying_at_least_as_fast_as_the_link_does_not_converge(double dirtyMiBps)
    {
        // Every pass resends all 1024 MiB (10.24 s). Forced after 5 passes: pre-copy 51.2 s,
        // downtime 10.24 s, total 61.44 s, transferred 6 · 1024 MiB.
        var prediction = PrecopyModel.Predict(OneGiB with
        {
            DirtyRateBytesPerSecond = dirtyMiBps * MiB,
            MaxPasses = 5,
        });

        Assert.Equal(ModelOutcome.NonConvergent, prediction.Outcome);
        Assert.Equal(5, prediction.PrecopyPasses);
        Assert.Equal(51.2, prediction.PrecopyTimeSeconds, 1e-6);
        Assert.Equal(10.24, prediction.DowntimeSeconds, 1e-6);
        Assert.Equal(61.44, prediction.TotalTimeSeconds, 1e-6);
        Assert.Equal(6144, prediction.TransferredBytes / MiB, 1e-6);
    }

    [Fact]
    public void The_pass_limit_forces_switch_over_above_the_downtime_limit()
    {
        // D/R = 1/2: passes send 1024, 512, 256 MiB (10.24 + 5.12 + 2.56 = 17.92 s); 128 MiB is
        // still dirty after the third and last pass: downtime 1.28 s, total 19.2 s, 1920 MiB sent.
        var prediction = PrecopyModel.Predict(OneGiB with { DirtyRateBytesPerSecond = 50 * MiB, MaxPasses = 3 });

        Assert.Equal(ModelOutcome.PassLimitReached, prediction.Outcome);
        Assert.Equal(3, prediction.PrecopyPasses);
        Assert.Equal(17.92, prediction.PrecopyTimeSeconds, Tolerance);
        Assert.Equal(1.28, prediction.DowntimeSeconds, Tolerance);
        Assert.Equal(19.2, prediction.TotalTimeSeconds, Tolerance);
        Assert.Equal(1920, prediction.TransferredBytes / MiB, Tolerance);
    }

    [Fact]
    public void A_guest_that_never_writes_needs_one_pass_and_no_stop_copy()
    {
        var prediction = PrecopyModel.Predict(OneGiB with { DirtyRateBytesPerSecond = 0, SwitchOverheadSeconds = 0.02 });

        Assert.Equal(1, prediction.PrecopyPasses);
        Assert.Equal(0.02, prediction.DowntimeSeconds, Tolerance);
        Assert.Equal(1024, prediction.TransferredBytes / MiB, Tolerance);
    }

    [Fact]
    public void Memory_that_fits_the_limit_is_sent_paused_without_a_live_pass()
    {
        // 20 MiB / 100 MiB/s = 0.2 s ≤ 0.3 s, so QEMU's very first check already completes.
        var prediction = PrecopyModel.Predict(OneGiB with { MemoryBytes = 20 * MiB, WorkingSetBytes = 20 * MiB });

        Assert.Equal(ModelOutcome.Converged, prediction.Outcome);
        Assert.Equal(0, prediction.PrecopyPasses);
        Assert.Equal(0, prediction.PrecopyTimeSeconds);
        Assert.Equal(0.2, prediction.DowntimeSeconds, Tolerance);
    }

    [Fact]
    public void Stop_and_copy_sends_everything_while_paused()
    {
        // 1024 MiB / 100 MiB/s = 10.24 s, plus 0.05 s overhead; the dirty rate is irrelevant.
        var prediction = PrecopyModel.Predict(OneGiB with { Mode = MigrationMode.Stopcopy, SwitchOverheadSeconds = 0.05 });

        Assert.Equal(ModelOutcome.StopAndCopy, prediction.Outcome);
        Assert.Equal(0, prediction.PrecopyPasses);
        Assert.Equal(0, prediction.PrecopyTimeSeconds);
        Assert.Equal(10.29, prediction.DowntimeSeconds, Tolerance);
        Assert.Equal(10.29, prediction.TotalTimeSeconds, Tolerance);
        Assert.Equal(1024, prediction.TransferredBytes / MiB, Tolerance);
    }

    [Fact]
    public void Postcopy_moves_the_guest_after_one_pass_and_pulls_the_rest()
    {
        // Pass 0: 10.24 s, leaving 102.4 MiB dirty (> 30 MiB). Switch: 1 MiB device state (0.01 s)
        // + 0.01 s overhead = 0.02 s downtime; then 102.4 MiB pulled in 1.024 s.
        // Total 10.24 + 0.02 + 1.024 = 11.284 s; transferred 1024 + 1 + 102.4 = 1127.4 MiB.
        var prediction = PrecopyModel.Predict(OneGiB with
        {
            Mode = MigrationMode.Postcopy,
            DeviceStateBytes = 1 * MiB,
            SwitchOverheadSeconds = 0.01,
        });

        Assert.Equal(ModelOutcome.SwitchedToPostcopy, prediction.Outcome);
        Assert.Equal(1, prediction.PrecopyPasses);
        Assert.Equal(10.24, prediction.PrecopyTimeSeconds, Tolerance);
        Assert.Equal(0.02, prediction.DowntimeSeconds, Tolerance);
        Assert.Equal(11.284, prediction.TotalTimeSeconds, Tolerance);
        Assert.Equal(1127.4, prediction.TransferredBytes / MiB, Tolerance);
        Assert.Equal(102.4, prediction.PostcopyBytes / MiB, Tolerance);
    }

    [Fact]
    public void Postcopy_that_converges_before_its_switch_point_completes_as_precopy()
    {
        var prediction = PrecopyModel.Predict(OneGiB with { Mode = MigrationMode.Postcopy, PostcopyAfterPasses = 2 });

        Assert.Equal(ModelOutcome.Converged, prediction.Outcome);
        Assert.Equal(0.1024, prediction.DowntimeSeconds, Tolerance);
    }

    [Fact]
    public void Pure_postcopy_switches_before_any_pass_and_pulls_the_whole_memory_afterwards()
    {
        var input = OneGiB with { Mode = MigrationMode.Postcopy, PostcopyAfterPasses = 0 };
        var prediction = PrecopyModel.Predict(input);

        Assert.Equal(ModelOutcome.SwitchedToPostcopy, prediction.Outcome);
        Assert.Equal(0, prediction.PrecopyPasses);
        Assert.Equal(0, prediction.PrecopyTimeSeconds);
        Assert.Equal(input.MemoryBytes, prediction.PostcopyBytes, Tolerance);
        Assert.Equal(input.MemoryBytes / input.BandwidthBytesPerSecond + prediction.DowntimeSeconds, prediction.TotalTimeSeconds, Tolerance);
    }

    [Fact]
    public void Invalid_parameters_are_rejected_and_named()
    {
        Assert.Equal("MemoryBytes", Rejected(OneGiB with { MemoryBytes = double.NaN }));
        Assert.Equal("WorkingSetBytes", Rejected(OneGiB with { WorkingSetBytes = -1 }));
        Assert.Equal("DirtyRateBytesPerSecond", Rejected(OneGiB with { DirtyRateBytesPerSecond = double.PositiveInfinity }));
        Assert.Equal("BandwidthBytesPerSecond", Rejected(OneGiB with { BandwidthBytesPerSecond = 0 }));
        Assert.Equal("DowntimeLimitSeconds", Rejected(OneGiB with { DowntimeLimitSeconds = -0.1 }));
        Assert.Equal("SwitchOverheadSeconds", Rejected(OneGiB with { SwitchOverheadSeconds = double.NaN }));
        Assert.Equal("DeviceStateBytes", Rejected(OneGiB with { DeviceStateBytes = -5 }));
        Assert.Equal("MaxPasses", Rejected(OneGiB with { MaxPasses = 0 }));
        Assert.Equal("PostcopyAfterPasses", Rejected(OneGiB with { PostcopyAfterPasses = -1 }));
        Assert.Equal("Mode", Rejected(OneGiB with { Mode = (MigrationMode)42 }));
        Assert.Throws<ArgumentNullException>(() => PrecopyModel.Predict(null!));
    }

    private static string? Rejected(MigrationModelInput input) =>
        Assert.ThrowsAny<ArgumentException>(() => PrecopyModel.Predict(input)).ParamName;
}
