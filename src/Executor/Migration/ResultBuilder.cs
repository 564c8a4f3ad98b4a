using MigrationAspire.Contracts;
using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Network;
using MigrationAspire.Executor.Qemu;

namespace MigrationAspire.Executor.Migration;

/// <summary>Assembles a <see cref="MigrationResult"/> from QEMU's figures, the lab's clocks and the guest's heartbeats.</summary>
public static class ResultBuilder
{
    public static MigrationResult Build(
        StartMigration command,
        MigrationTimes times,
        MonitorReport report,
        GuestConfirmed? confirmed,
        IReadOnlyList<TimedHeartbeat> sourceBeats,
        DirtyRateReading? measuredDirtyRate,
        double sourceCpuSeconds,
        AcceleratorChoice accelerator,
        LinkFigures link,
        IReadOnlyList<string> notes)
    {
        var info = report.FinalInfo;
        var ram = info.Ram;
        double? qemuDowntime = info.Downtime;
        // The lab paused the guest itself (stop-and-copy, or a pause on limit): QEMU's downtime leaves the
        // pause out (docs/machine-facts.md), so the host's pause is its own figure, from the lab's stop to the destination's resume.
        var labPause = times.LabStoppedAt ?? (report.PausedByLimit ? report.StoppedAt : null);
        var resumedAt = confirmed?.ResumedAt;
        double? hostPause = labPause is { } paused && resumedAt is { } resumed ? (resumed - paused).TotalMilliseconds : null;
        // QEMU reports total-time only for a completed migration; a failed or cancelled one ran until the monitor saw it end.
        var qemuTotal = info.TotalTime is { } t ? (double)t : (report.FinishedAt - times.MigrateAt).TotalMilliseconds;
        var totalTime = qemuTotal + (times.LabStoppedAt is { } stop ? (times.MigrateAt - stop).TotalMilliseconds : 0);
        // Plain pre-copy: QEMU's own total − downtime (as the seed defines it), so the figures always add up.
        // When the lab paused the guest or switched to post-copy, the host-clock STOP event marks the end.
        var precopy = command.Migration.Mode == MigrationMode.Stopcopy ? 0
            : labPause is null && report.PostcopyAt is null ? Math.Max(0, totalTime - (qemuDowntime ?? 0))
            : report.StoppedAt is { } stopped ? Math.Clamp((stopped - times.MigrateAt).TotalMilliseconds, 0, totalTime)
            : Math.Max(0, totalTime - (qemuDowntime ?? 0));
        double? switchover = report.StoppedAt is { } s && resumedAt is { } r ? (r - s).TotalMilliseconds : null;

        return new MigrationResult
        {
            Mode = command.Migration.Mode,
            TotalTimeMs = totalTime,
            DowntimeMs = qemuDowntime,
            HostPauseMs = hostPause,
            SetupTimeMs = info.SetupTime,
            // QEMU publishes its estimate only while active: the final reading of a completed run has none.
            ExpectedDowntimeMs = report.LastExpectedDowntimeMs,
            Passes = ram?.Pass,
            TransferredBytes = ram?.Transferred,
            NormalBytes = ram?.NormalBytes,
            ZeroPages = ram?.Duplicate,
            ThroughputMbps = ram?.Mbps,
            DirtyPagesRate = report.DirtyPagesRate,
            PostcopyRequests = ram?.PostcopyRequests,
            CpuThrottlePercent = report.MaxThrottlePercent,
            PrecopyTimeMs = precopy,
            SwitchoverMs = switchover,
            GuestObservedDowntimeMs = HeartbeatGaps.GuestObservedDowntimeMs(sourceBeats,
                confirmed?.Heartbeats.Select(b => new TimedHeartbeat(b.Seq, 0, 0, b.At)).ToList() ?? []),
            MeasuredDirtyRate = measuredDirtyRate?.PagesPerSecond,
            TargetDirtyRate = command.Workload.DirtyRatePagesPerSecond,
            GuestHealthy = confirmed?.Healthy ?? false,
            IntegrityErrors = confirmed?.IntegrityErrors,
            PagesVerified = confirmed?.PagesVerified,
            SourceCpuSeconds = sourceCpuSeconds,
            DestinationCpuSeconds = confirmed?.CpuSeconds,
            PassHistory = report.PassHistory,
            Predictions = report.Predictions,
            LimitReached = report.LimitReached,
            StartedAt = times.StartedAt,
            FinishedAt = DateTimeOffset.UtcNow,
            SourceHost = command.Host,
            DestinationHost = command.DestinationHost,
            Accelerator = accelerator.Accelerator,
            QemuVersion = accelerator.QemuVersion,
            SampleCount = report.SampleCount,
            Notes = notes,
            MeasuredDirtyRateResolution = measuredDirtyRate?.ResolutionPagesPerSecond,
            Network = link.Network,
            LinkBytes = link.Bytes,
            LinkThroughputMbps = link.ThroughputMbps,
            RttMs = link.RttMs,
            LinkBandwidthMbit = link.BandwidthMbit,
            DowntimeBytes = ram?.DowntimeBytes,
            PostcopyBlocktimeMs = confirmed?.PostcopyBlocktimeMs,
            PostcopyVcpuBlocktimeMs = confirmed?.PostcopyVcpuBlocktimeMs,
            Recoveries = report.PostcopyAt is null ? null : report.Recoveries,
            RecoveryTimeMs = report.Recoveries > 0 ? report.RecoveryTime.TotalMilliseconds : null,
        };
    }
}
