using MigrationAspire.Contracts;
using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Network;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.Migration;

/// <summary>A figure the lab did not measure is null, never 0; each name has one meaning.</summary>
public sealed class ResultBuilderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_completed_pre_copy_keeps_qemu_s_last_downtime_estimate_and_has_no_host_pause()
    {
        var result = Build(MigrationMode.Precopy, Report(MigrationStatus.Completed, Info(MigrationStatus.Completed, downtime: 42, ram: Ram()),
            expectedDowntime: 37, dirtyRate: 4_900), Confirmed(Start.AddMilliseconds(1_045)), stoppedAt: Start.AddMilliseconds(1_000));

        Assert.Equal((42.0, 37.0, 4_900L), (result.DowntimeMs!.Value, result.ExpectedDowntimeMs!.Value, result.DirtyPagesRate!.Value));
        Assert.Null(result.HostPauseMs);
        Assert.Equal(45, result.SwitchoverMs!.Value, 6);
    }

    [Fact]
    public void Stop_and_copy_reports_qemu_s_downtime_as_downtime_and_the_lab_s_pause_as_host_pause()
    {
        var times = new MigrationTimes(Start, Start.AddMilliseconds(20), LabStoppedAt: Start.AddMilliseconds(10));
        var result = Build(MigrationMode.Stopcopy, Report(MigrationStatus.Completed, Info(MigrationStatus.Completed, downtime: 7, ram: Ram())),
            Confirmed(Start.AddMilliseconds(2_010)), times: times);

        Assert.Equal(7, result.DowntimeMs);
        Assert.Equal(2_000, result.HostPauseMs!.Value, 6);
    }

    [Fact]
    public void A_cancelled_migration_reports_no_figure_qemu_did_not_give()
    {
        var result = Build(MigrationMode.Precopy, Report(MigrationStatus.Cancelled, Info(MigrationStatus.Cancelled, downtime: null, ram: null)), confirmed: null);

        Assert.All(new object?[]
        {
            result.DowntimeMs, result.SetupTimeMs, result.ExpectedDowntimeMs, result.Passes, result.TransferredBytes, result.NormalBytes,
            result.ZeroPages, result.ThroughputMbps, result.DirtyPagesRate, result.PostcopyRequests, result.SwitchoverMs, result.HostPauseMs,
            result.IntegrityErrors, result.PagesVerified, result.DestinationCpuSeconds,
        }, Assert.Null);
        Assert.False(result.GuestHealthy);
    }

    private static MigrationResult Build(MigrationMode mode, MonitorReport report, GuestConfirmed? confirmed,
        DateTimeOffset? stoppedAt = null, MigrationTimes? times = null)
    {
        var command = new StartMigration
        {
            RunId = "e-0001", VmId = "e-vm1", Host = "a", DestinationHost = "b", MigrationUri = "tcp:127.0.0.1:4444",
            Migration = new MigrationSpec { Mode = mode }, Workload = new WorkloadSpec(),
        };
        return ResultBuilder.Build(command, times ?? new MigrationTimes(Start, Start, null), report with { StoppedAt = stoppedAt ?? report.StoppedAt },
            confirmed, [], null, 1.5, new AcceleratorChoice("tcg", "test", "10.0.2"), new LinkFigures(NetworkKind.Loopback, null, null, null, null), []);
    }

    private static MonitorReport Report(string status, MigrationInfo info, long? expectedDowntime = null, long? dirtyRate = null) => new()
    {
        FinalStatus = status, FinalInfo = info, PassHistory = [], MaxThrottlePercent = 0, DirtyPagesRate = dirtyRate,
        LastExpectedDowntimeMs = expectedDowntime, SampleCount = 10, FinishedAt = Start.AddSeconds(3),
    };

    private static MigrationInfo Info(string status, long? downtime, MigrationRamStats? ram) =>
        new(status, ram is null ? null : 1_100, downtime, ram is null ? null : 3, null, ram, null, null, null, null, null, null);

    private static MigrationRamStats Ram() =>
        new(300_000_000, 0, 536_870_912, 1000, 70_000, 286_720_000, 4_800, 900, 6, 0, 4096, 0, 0, 0, 0, 0, 0);

    private static GuestConfirmed Confirmed(DateTimeOffset resumedAt) => new()
    {
        RunId = "e-0001", VmId = "e-vm1", Host = "b", Healthy = true, ResumedAt = resumedAt, HeartbeatCount = 100, Heartbeats = [],
        IntegrityErrors = 0, PagesVerified = 32_768, CpuSeconds = 0.5,
    };
}
