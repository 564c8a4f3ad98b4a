using System.Collections.Concurrent;
using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Convergence;
using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Network;
using MigrationAspire.Executor.Observability;
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
public sealed partial class MigrationDriver(
    VmRegistry vms,
    HostRuntime runtime,
    HostNetwork network,
    LiveSampleWriter samples,
    MigrationInstruments instruments,
    MigrationAddresses addresses,
    IBus bus,
    OutcomeOutbox outbox,
    IOptions<ExecutorOptions> options,
    ILogger<MigrationDriver> logger)
{
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(200);
    private static readonly TimeSpan ConfirmAttempt = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, MigrationMonitor> active = new();
    private readonly ConcurrentDictionary<string, string> pendingCancels = new();
    private readonly FinishedRuns finished = new();

    /// <summary>
    /// Cancels the run's migration; a cancel that comes before its monitor exists (the migration is still being
    /// tuned, probed, or has not arrived) is kept and honoured as soon as the monitor is there.
    /// </summary>
    public void Cancel(CancelMigration command)
    {
        if (finished.TryGet(command.RunId, out _))
            return;
        pendingCancels[command.RunId] = command.Reason;
        // Whichever side takes the pending cancel delivers it: this one, or the registration of the monitor.
        if (active.TryGetValue(command.RunId, out var monitor) && pendingCancels.TryRemove(command.RunId, out var reason))
            monitor.RequestCancel(reason);
    }

    private void Register(string runId, MigrationMonitor monitor)
    {
        active[runId] = monitor;
        if (pendingCancels.TryRemove(runId, out var reason))
            monitor.RequestCancel(reason);
    }

    public async Task MigrateAsync(StartMigration command, CancellationToken cancellationToken)
    {
        using var trace = RunTrace.Start(Microsoft.Extensions.Hosting.Telemetry.Executor, command.RunId,
            new KeyValuePair<string, object?>("host", command.Host), new KeyValuePair<string, object?>("destination.host", command.DestinationHost),
            new KeyValuePair<string, object?>("migration.mode", command.Migration.Mode.ToString().ToLowerInvariant()));
        if (finished.TryGet(command.RunId, out var outcome))
        {
            await outbox.SendAsync(outcome, command.RunId);
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
        var destination = await addresses.OfAsync(command.DestinationHost, 2 * options.Value.HeartbeatInterval, cancellationToken);
        if (MigrationUriRule.Refusal(command.MigrationUri, command.DestinationHost, destination) is { } refusal)
        {
            await FailAsync(command, RunStep.Migrate, refusal, GuestLocation.Source, null);
            return;
        }
        vm.State = VmState.Migrating;
        vm.RunId = command.RunId;
        logger.LogInformation("Run {RunId}: migrating {VmId} {Source}→{Destination} ({Mode}) to {Uri}",
            command.RunId, command.VmId, command.Host, command.DestinationHost, command.Migration.Mode, command.MigrationUri);
        var lifetime = vm.Lifetime;
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime);
        using var tracked = instruments.Track(command);
        try
        {
            await UntilSourceDiesAsync(RunAsync(command, vm, qemu, run.Token), qemu, lifetime, run);
        }
        catch (Exception e) when (e is QmpConnectionClosedException || qemu.HasExited)
        {
            await vms.DestroyAsync(command.VmId);
            await FailAsync(command, RunStep.Migrate, SourceDied(qemu), GuestLocation.Lost, null);
        }
        catch (Exception e) when (e is MigrationSetupException or QmpException or TimeoutException)
        {
            if (await DiedAsync(qemu))
            {
                await vms.DestroyAsync(command.VmId);
                await FailAsync(command, RunStep.Migrate, SourceDied(qemu), GuestLocation.Lost, null);
                return;
            }
            await ResumeSourceAsync(vm, qemu);
            await FailAsync(command, RunStep.Migrate, e.Message, GuestLocation.Source, null);
        }
        finally
        {
            active.TryRemove(command.RunId, out _);
            pendingCancels.TryRemove(command.RunId, out _);
        }
    }

    private async Task RunAsync(StartMigration command, VmInstance vm, QemuProcess qemu, CancellationToken cancellationToken)
    {
        var qmp = qemu.Qmp;
        var settings = options.Value;
        var trace = RunTrace.Current!;
        await trace.StepAsync("tune", () => MigrationTuning.ApplyAsync(qmp, MigrationTuning.SourceCapabilities(command.Migration),
            MigrationTuning.SourceParameters(command.Migration), command.Host, cancellationToken));
        var (measuredDirtyRate, probeNote) = await trace.StepAsync("probe", () => MeasureDirtyRateAsync(command, vm, qemu, cancellationToken));
        await using var link = await RunLink.PrepareAsync(network, command, logger, cancellationToken);

        // The outage clock starts here, just before migrate (a stop-and-copy's STOP takes milliseconds).
        await link.BeginAsync(cancellationToken);
        using var events = qmp.SubscribeEvents();
        var convergence = ConvergenceController.For(command.Migration, vm.Vm, (long?)measuredDirtyRate?.PagesPerSecond, workload: command.Workload);
        var monitor = new MigrationMonitor(command.RunId, command.Migration, qmp, events, samples, convergence,
            settings.SampleInterval, logger, new BusIncomingRecovery(bus, command), link.OutagePlan(command));
        Register(command.RunId, monitor);
        var startedAt = DateTimeOffset.UtcNow;
        var cpuAtStart = qemu.CpuSeconds ?? 0;
        DateTimeOffset? labStoppedAt = null;
        var migrateAt = startedAt;
        var report = await trace.StepAsync("migrate", async () =>
        {
            if (command.Migration.Mode == MigrationMode.Stopcopy)
            {
                var stopped = qmp.WaitForEventAsync(QmpEventNames.Stop, TimeSpan.FromSeconds(10), cancellationToken);
                await qmp.StopAsync(cancellationToken);
                labStoppedAt = (await stopped).ReceivedAt;
            }
            migrateAt = DateTimeOffset.UtcNow;
            await qmp.MigrateAsync(command.MigrationUri, cancellationToken: cancellationToken);
            return await monitor.RunAsync(cancellationToken);
        }, r => r.FinalStatus == MigrationStatus.Completed ? null : r.CancelReason ?? $"QEMU reported {r.FinalStatus}");
        var figures = await link.FiguresAsync(command.Network, report.FinalInfo.Ram?.Transferred);
        var sourceCpu = (qemu.CpuSeconds ?? cpuAtStart) - cpuAtStart;
        var times = new MigrationTimes(startedAt, migrateAt, labStoppedAt);
        var beats = qemu.Console.HeartbeatsBetween((labStoppedAt ?? migrateAt) - TimeSpan.FromSeconds(1), report.FinishedAt);
        var notes = Notes(command, report, measuredDirtyRate, probeNote);

        if (report.FinalStatus != MigrationStatus.Completed)
        {
            var partial = ResultBuilder.Build(command, times, report, null, beats, measuredDirtyRate, sourceCpu, runtime.Accelerator, figures, notes);
            var reason = report.CancelReason ?? $"QEMU reported {report.FinalStatus}: {report.FinalInfo.ErrorDesc ?? "no reason given"}";
            var status = report.FinalStatus == MigrationStatus.Cancelled && !report.EndedByLink ? MigrationStatus.Cancelled : MigrationStatus.Failed;
            await AbandonAsync(command, vm, qemu, report, RunStep.Migrate, reason, partial, status);
            return;
        }

        var answer = await trace.StepAsync("confirm", () => ConfirmAsync(command, vm, cancellationToken),
            c => c is null ? $"host {command.DestinationHost} did not confirm the guest" : c.Healthy ? null : c.Reason ?? "the destination did not confirm the guest");
        var confirmed = answer is null ? null : SequenceCheck(answer, beats);
        var result = ResultBuilder.Build(command, times, report, confirmed, beats, measuredDirtyRate, sourceCpu, runtime.Accelerator, figures, notes);
        if (confirmed is not { Healthy: true })
        {
            var reason = confirmed is null ? $"host {command.DestinationHost} did not confirm the guest within {ConfirmTimeout.TotalSeconds:0} s"
                : confirmed.Reason ?? "the destination did not confirm the guest";
            await AbandonAsync(command, vm, qemu, report, RunStep.Confirm, reason, result, MigrationStatus.Failed);
            return;
        }
        await vms.DestroyAsync(command.VmId);
        // The last sample carries the run's figures, so a client following the stream needs no second request;
        // a figure QEMU did not give stays out of it (the sample's fields cannot say "not measured").
        var last = new LiveSample { AtMs = (DateTimeOffset.UtcNow - migrateAt).TotalMilliseconds, Status = MigrationStatus.Completed, RemainingBytes = 0 };
        if (result is { TransferredBytes: { } sent, DirtyPagesRate: { } dirty, ThroughputMbps: { } throughput, Passes: { } passes, PostcopyRequests: { } requests })
            last = last with { TransferredBytes = sent, DirtyPagesRate = dirty, ThroughputMbps = throughput, Pass = passes, CpuThrottlePercent = result.CpuThrottlePercent, PostcopyRequests = requests };
        await samples.WriteAsync(command.RunId, last);
        var completed = new MigrationCompleted
        {
            RunId = command.RunId, VmId = command.VmId, SourceHost = command.Host, DestinationHost = command.DestinationHost, Result = result,
        };
        finished.Add(command.RunId, completed);
        instruments.Complete(command, result);
        logger.LogInformation("Run {RunId}: {Mode} {Source}→{Destination} completed: total {Total:F0} ms, downtime {Downtime:F1} ms, host pause {HostPause:F1} ms, guest saw {Guest:F1} ms, {Passes} passes",
            command.RunId, command.Migration.Mode, command.Host, command.DestinationHost, result.TotalTimeMs, result.DowntimeMs, result.HostPauseMs, result.GuestObservedDowntimeMs, result.Passes);
        // Kept until the bus takes it (not the run's token: destroying the source VM cancelled it, and the outcome
        // must be told regardless).
        await outbox.SendAsync(completed, command.RunId);
    }

    /// <summary>
    /// The destination's account of the guest; null when it gave none in time. Asked again every
    /// <see cref="ConfirmAttempt"/> until <see cref="ConfirmTimeout"/>: a request or its reply can be lost while
    /// RabbitMQ restarts (a reply goes to this bus's temporary queue, which is gone until the bus reconnects), and the
    /// destination answers a repeated request with the verdict it already reached (<see cref="GuestConfirmer"/>).
    /// </summary>
    private async Task<GuestConfirmed?> ConfirmAsync(StartMigration command, VmInstance vm, CancellationToken cancellationToken)
    {
        var request = new ConfirmGuest { RunId = command.RunId, VmId = command.VmId, Host = command.DestinationHost, ExpectedPages = vm.ExpectedPages };
        var deadline = DateTimeOffset.UtcNow + ConfirmTimeout;
        for (var attempt = 1; ; attempt++)
        {
            var wait = Min(ConfirmAttempt, deadline - DateTimeOffset.UtcNow);
            if (wait <= TimeSpan.Zero)
                return null;
            var client = bus.CreateRequestClient<ConfirmGuest>(ExecutorQueue.Address(command.DestinationHost), RequestTimeout.After(ms: (int)wait.TotalMilliseconds));
            try
            {
                var response = await client.GetResponse<GuestConfirmed>(request, cancellationToken);
                return response.Message;
            }
            catch (RequestTimeoutException)
            {
                logger.LogWarning("Run {RunId}: host {Host} gave no verdict on guest {VmId} within {Seconds:0} s (attempt {Attempt}); asking again",
                    command.RunId, command.DestinationHost, command.VmId, wait.TotalSeconds, attempt);
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

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

    private static IReadOnlyList<string> Notes(StartMigration command, MonitorReport report, DirtyRateReading? measuredDirtyRate, string? probeNote)
    {
        var notes = new List<string>();
        if (probeNote is not null)
            notes.Add(probeNote);
        if (command.Migration.Mode == MigrationMode.Postcopy && report.PostcopyAt is null && report.FinalStatus == MigrationStatus.Completed)
            notes.Add($"converged as pre-copy before the switch to post-copy (after {command.Migration.PostcopyAfterPasses} passes)");
        if (measuredDirtyRate is null)
            notes.Add("the page-sampling dirty-rate probe gave no reading");
        else if (measuredDirtyRate.PagesPerSecond is null)
            notes.Add($"the dirty-rate probe read below its resolution: fewer than {measuredDirtyRate.ResolutionPagesPerSecond:0} pages/s");
        return notes;
    }
}
