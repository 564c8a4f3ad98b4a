using System.Collections.Concurrent;
using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;
using MigrationAspire.Executor.Recovery;
using MigrationAspire.Executor.Vms;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Migration;

/// <summary>
/// The source's part of a migration (libvirt's Perform and Confirm): tune QEMU, probe the dirty rate,
/// migrate while sampling, have the destination confirm the guest, then end the source — or, when anything
/// fails, keep the guest on the source and send the destination away.
/// </summary>
public sealed class MigrationDriver(
    VmRegistry vms,
    HostRuntime runtime,
    LiveSampleWriter samples,
    ILinkOutages outages,
    IBus bus,
    IOptions<ExecutorOptions> options,
    ILogger<MigrationDriver> logger)
{
    private static readonly TimeSpan ProbeTime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(200);

    private readonly ConcurrentDictionary<string, MigrationMonitor> active = new();
    private readonly FinishedRuns finished = new();

    public void Cancel(CancelMigration command)
    {
        if (active.TryGetValue(command.RunId, out var monitor))
            monitor.RequestCancel(command.Reason);
    }

    public async Task MigrateAsync(StartMigration command, CancellationToken cancellationToken)
    {
        if (finished.TryGet(command.RunId, out var outcome))
        {
            await bus.Publish(outcome, outcome.GetType(), cancellationToken);
            return;
        }
        if (!vms.TryGet(command.VmId, out var vm) || vm.Qemu is not { } qemu)
        {
            await FailAsync(command, RunStep.Prepare, $"VM {command.VmId} is not on host {command.Host}", GuestLocation.Unknown, null);
            return;
        }
        if (vm.State != VmState.Running)
        {
            if (vm.RunId != command.RunId)
                await FailAsync(command, RunStep.Prepare, $"VM {command.VmId} on host {command.Host} is {vm.State.ToString().ToLowerInvariant()}, not running", GuestLocation.Source, null);
            return;
        }
        vm.State = VmState.Migrating;
        vm.RunId = command.RunId;
        logger.LogInformation("Run {RunId}: migrating {VmId} {Source}→{Destination} ({Mode}) to {Uri}",
            command.RunId, command.VmId, command.Host, command.DestinationHost, command.Migration.Mode, command.MigrationUri);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, vm.Lifetime);
        try
        {
            await RunAsync(command, vm, qemu, run.Token);
        }
        catch (Exception e) when (e is QmpConnectionClosedException || qemu.HasExited)
        {
            await vms.DestroyAsync(command.VmId);
            await FailAsync(command, RunStep.Migrate, $"the source QEMU died during the migration: {qemu.Diagnostics}", GuestLocation.Lost, null);
        }
        catch (Exception e) when (e is MigrationSetupException or QmpException or TimeoutException)
        {
            await ResumeSourceAsync(vm, qemu);
            await FailAsync(command, RunStep.Migrate, e.Message, GuestLocation.Source, null);
        }
        finally
        {
            active.TryRemove(command.RunId, out _);
        }
    }

    private async Task RunAsync(StartMigration command, VmInstance vm, QemuProcess qemu, CancellationToken cancellationToken)
    {
        var qmp = qemu.Qmp;
        var settings = options.Value;
        await MigrationTuning.ApplyAsync(qmp, MigrationTuning.SourceCapabilities(command.Migration),
            MigrationTuning.SourceParameters(command.Migration), command.Host, cancellationToken);
        var measuredDirtyRate = await DirtyRateProbe.MeasureAsync(qmp, ProbeTime, cancellationToken);

        using var events = qmp.SubscribeEvents();
        var monitor = new MigrationMonitor(command.RunId, command.Migration, qmp, events, samples,
            settings.SampleInterval, logger, new BusIncomingRecovery(bus, command), outages.For(command));
        active[command.RunId] = monitor;
        var startedAt = DateTimeOffset.UtcNow;
        var cpuAtStart = qemu.CpuSeconds ?? 0;
        DateTimeOffset? labStoppedAt = null;
        if (command.Migration.Mode == MigrationMode.Stopcopy)
        {
            var stopped = qmp.WaitForEventAsync(QmpEventNames.Stop, TimeSpan.FromSeconds(10), cancellationToken);
            await qmp.StopAsync(cancellationToken);
            labStoppedAt = (await stopped).ReceivedAt;
        }
        var migrateAt = DateTimeOffset.UtcNow;
        await qmp.MigrateAsync(command.MigrationUri, cancellationToken: cancellationToken);
        var report = await monitor.RunAsync(cancellationToken);
        var sourceCpu = (qemu.CpuSeconds ?? cpuAtStart) - cpuAtStart;
        var times = new MigrationTimes(startedAt, migrateAt, labStoppedAt);
        var beats = qemu.Console.HeartbeatsBetween((labStoppedAt ?? migrateAt) - TimeSpan.FromSeconds(1), report.FinishedAt);
        var notes = Notes(command, report, measuredDirtyRate);

        if (report.FinalStatus != MigrationStatus.Completed)
        {
            var partial = ResultBuilder.Build(command, times, report, null, beats, measuredDirtyRate, sourceCpu, runtime.Accelerator, notes);
            var reason = report.CancelReason ?? $"QEMU reported {report.FinalStatus}: {report.FinalInfo.ErrorDesc ?? "no reason given"}";
            var status = report.FinalStatus == MigrationStatus.Cancelled && !report.EndedByLink ? MigrationStatus.Cancelled : MigrationStatus.Failed;
            await AbandonAsync(command, vm, qemu, report, RunStep.Migrate, reason, partial, status);
            return;
        }

        var confirmed = SequenceCheck(await ConfirmAsync(command, vm, cancellationToken), beats);
        var result = ResultBuilder.Build(command, times, report, confirmed, beats, measuredDirtyRate, sourceCpu, runtime.Accelerator, notes);
        if (!confirmed.Healthy)
        {
            await AbandonAsync(command, vm, qemu, report, RunStep.Confirm, confirmed.Reason ?? "the destination did not confirm the guest", result, MigrationStatus.Failed);
            return;
        }
        await vms.DestroyAsync(command.VmId);
        await samples.WriteAsync(command.RunId, new LiveSample { AtMs = (DateTimeOffset.UtcNow - migrateAt).TotalMilliseconds, Status = MigrationStatus.Completed });
        var completed = new MigrationCompleted
        {
            RunId = command.RunId, VmId = command.VmId, SourceHost = command.Host, DestinationHost = command.DestinationHost, Result = result,
        };
        finished.Add(command.RunId, completed);
        logger.LogInformation("Run {RunId}: {Mode} {Source}→{Destination} completed: total {Total:F0} ms, downtime {Downtime:F1} ms, guest saw {Guest:F1} ms, {Passes} passes",
            command.RunId, command.Migration.Mode, command.Host, command.DestinationHost, result.TotalTimeMs, result.DowntimeMs, result.GuestObservedDowntimeMs, result.Passes);
        // Not the run's token: destroying the source VM cancelled it, and the outcome must be told regardless.
        await bus.Publish(completed, CancellationToken.None);
    }

    /// <summary>
    /// The migration did not end with a healthy guest on the destination. Until post-copy began the source
    /// still holds the whole guest: resume it there. After that, neither side holds all of it.
    /// </summary>
    private async Task AbandonAsync(StartMigration command, VmInstance vm, QemuProcess qemu, MonitorReport report,
        RunStep step, string reason, MigrationResult partial, string finalStatus)
    {
        GuestLocation guest;
        if (report.PostcopyAt is null && !qemu.HasExited)
        {
            await ResumeSourceAsync(vm, qemu);
            guest = GuestLocation.Source;
        }
        else
        {
            await vms.DestroyAsync(command.VmId);
            guest = GuestLocation.Lost;
        }
        await samples.WriteAsync(command.RunId, new LiveSample { AtMs = partial.TotalTimeMs, Status = finalStatus });
        await FailAsync(command, step, reason, guest, partial);
    }

    private async Task ResumeSourceAsync(VmInstance vm, QemuProcess qemu)
    {
        try
        {
            var status = await qemu.Qmp.QueryStatusAsync();
            if (!status.Running)
                await qemu.Qmp.ContAsync();
            vm.State = VmState.Running;
            vm.RunId = null;
        }
        catch (Exception e) when (e is QmpException or QmpConnectionClosedException or TimeoutException)
        {
            logger.LogError("Could not resume VM {VmId} on the source: {Reason}", vm.VmId, e.Message);
        }
    }

    private async Task<GuestConfirmed> ConfirmAsync(StartMigration command, VmInstance vm, CancellationToken cancellationToken)
    {
        var client = bus.CreateRequestClient<ConfirmGuest>(ExecutorQueue.Address(command.DestinationHost), RequestTimeout.After(s: (int)ConfirmTimeout.TotalSeconds));
        try
        {
            var response = await client.GetResponse<GuestConfirmed>(
                new ConfirmGuest { RunId = command.RunId, VmId = command.VmId, Host = command.DestinationHost, ExpectedPages = vm.ExpectedPages }, cancellationToken);
            return response.Message;
        }
        catch (RequestTimeoutException)
        {
            return new GuestConfirmed
            {
                RunId = command.RunId, VmId = command.VmId, Host = command.DestinationHost, Healthy = false,
                Reason = $"host {command.DestinationHost} did not confirm the guest within {ConfirmTimeout.TotalSeconds:0} s",
                HeartbeatCount = 0, Heartbeats = [], IntegrityErrors = 0, PagesVerified = 0, CpuSeconds = 0,
            };
        }
    }

    private async Task FailAsync(StartMigration command, RunStep step, string reason, GuestLocation guest, MigrationResult? partial)
    {
        logger.LogWarning("Run {RunId}: migration of {VmId} {Source}→{Destination} failed at {Step}, guest {Guest}: {Reason}",
            command.RunId, command.VmId, command.Host, command.DestinationHost, step, guest, reason);
        await bus.SendToHost(new AbortIncoming { RunId = command.RunId, VmId = command.VmId, Host = command.DestinationHost, Reason = reason });
        var failed = new MigrationFailed
        {
            RunId = command.RunId, VmId = command.VmId, SourceHost = command.Host, DestinationHost = command.DestinationHost,
            Step = step, Reason = reason, Guest = guest, Partial = partial,
        };
        finished.Add(command.RunId, failed);
        await bus.Publish(failed);
    }

    /// <summary>
    /// The destination's guest must go on from where the source's stopped: a heartbeat sequence that went
    /// back means it runs from an older state than the one the source left.
    /// </summary>
    private static GuestConfirmed SequenceCheck(GuestConfirmed confirmed, IReadOnlyList<TimedHeartbeat> source)
    {
        if (!confirmed.Healthy || source.Count == 0 || confirmed.Heartbeats.Count == 0)
            return confirmed;
        var (last, first) = (source[^1].Seq, confirmed.Heartbeats.Min(b => b.Seq));
        return first >= last ? confirmed : confirmed with
        {
            Healthy = false,
            Reason = $"the destination guest's heartbeats restarted at seq {first}, behind the source's last {last}: it runs from an older state",
        };
    }

    private static IReadOnlyList<string> Notes(StartMigration command, MonitorReport report, DirtyRateReading? measuredDirtyRate)
    {
        var notes = new List<string>();
        if (command.Migration.Mode == MigrationMode.Postcopy && report.PostcopyAt is null && report.FinalStatus == MigrationStatus.Completed)
            notes.Add($"converged as pre-copy before the switch to post-copy (after {command.Migration.PostcopyAfterPasses} passes)");
        if (measuredDirtyRate is null)
            notes.Add("the page-sampling dirty-rate probe gave no reading");
        else if (measuredDirtyRate.PagesPerSecond is null)
            notes.Add($"the dirty-rate probe read below its resolution: fewer than {measuredDirtyRate.ResolutionPagesPerSecond:0} pages/s");
        return notes;
    }
}
