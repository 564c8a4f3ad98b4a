using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;
using MigrationAspire.Executor.Vms;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Migration;

/// <summary>The destination's part (libvirt's Prepare): a QEMU that waits for the stream and resumes the guest.</summary>
public sealed class IncomingPreparer(
    VmRegistry vms,
    IBus bus,
    IOptions<ExecutorOptions> options,
    ILogger<IncomingPreparer> logger)
{
    public async Task PrepareAsync(PrepareIncoming command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // A destination of an earlier run of this VM that never took the guest over is abandoned: the VM's grain starts
        // one run at a time, so a new run's Prepare means that one failed, and its AbortIncoming may still be on its way
        // (a link outage holds the old stream open until the link returns).
        if (vms.TryGet(command.VmId, out var stale) && stale.State == VmState.Incoming && stale.RunId != command.RunId)
        {
            logger.LogWarning("Run {RunId}: destination QEMU of {VmId} left by run {StaleRun} goes first", command.RunId, command.VmId, stale.RunId);
            await vms.DestroyAsync(command.VmId);
        }
        if (vms.TryGet(command.VmId, out var existing))
        {
            if (existing.Incoming is { Uri.Length: > 0 } session && session.RunId == command.RunId)
                await PublishReady(command, session.Uri);
            else if (existing.Incoming?.RunId != command.RunId)
                await Fail(command, $"VM {command.VmId} already exists on host {settings.HostName} ({existing.State.ToString().ToLowerInvariant()})");
            return;
        }
        var vm = new VmInstance(command.VmId, command.Vm, command.Workload)
        {
            State = VmState.Incoming,
            RunId = command.RunId,
            Incoming = new IncomingSession(command.RunId, command.SourceHost, command.Migration),
        };
        if (await vms.AdmitAndStartAsync(vm, incoming: true, cancellationToken) is { } refusal)
        {
            await Fail(command, refusal);
            return;
        }

        using var prepare = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, vm.Lifetime);
        try
        {
            var qmp = vm.Qemu!.Qmp;
            await MigrationTuning.ApplyAsync(qmp, MigrationTuning.DestinationCapabilities(command.Migration),
                MigrationTuning.DestinationParameters(command.Migration), settings.HostName, prepare.Token,
                MigrationTuning.OptionalDestinationCapabilities(command.Migration));

            // Subscribe before listening, so no MIGRATION or RESUME event can slip by.
            var events = qmp.SubscribeEvents();
            _ = WatchAsync(vm, vm.Incoming, events);
            // Port 0: the OS picks a free port; QEMU reports it in query-migrate's socket-address.
            await qmp.MigrateIncomingAsync($"tcp:{settings.MigrationAddress}:0", exitOnError: false, prepare.Token);
            var listening = await qmp.QueryMigrateAsync(prepare.Token);
            var port = listening.SocketAddress?.FirstOrDefault(a => a.Port is not null)?.Port
                ?? throw new MigrationSetupException("the destination QEMU did not report the port it listens on");
            vm.Incoming.Uri = $"tcp:{settings.MigrationAddress}:{port}";
            await PublishReady(command, vm.Incoming.Uri);
        }
        catch (Exception e) when (e is MigrationSetupException or QemuFailedException or QmpException or TimeoutException
                                      or InvalidOperationException or IOException or QmpConnectionClosedException)
        {
            await vms.DestroyAsync(command.VmId);
            await Fail(command, e.Message);
        }
    }

    /// <summary>Follows the incoming migration: resumes a guest that arrives paused (stop-and-copy) and notes when it runs.</summary>
    private async Task WatchAsync(VmInstance vm, IncomingSession session, QmpEventSubscription events)
    {
        var qemu = vm.Qemu!;
        try
        {
            using (events)
            {
                await foreach (var e in events.WithCancellation(vm.Lifetime))
                {
                    if (e.Name == QmpEventNames.Resume)
                        session.ResumedAt ??= e.ReceivedAt;
                    if (e.Name != QmpEventNames.Migration)
                        continue;
                    var status = e.GetData<MigrationEventData>().Status;
                    if (status == MigrationStatus.Completed)
                    {
                        session.CompletedAt = e.ReceivedAt;
                        // QEMU reports the blocktime figures only once the destination has completed.
                        var figures = await qemu.Qmp.QueryMigrateAsync(vm.Lifetime);
                        (session.PostcopyBlocktimeMs, session.PostcopyVcpuBlocktimeMs) = (figures.PostcopyBlocktime, figures.PostcopyVcpuBlocktime);
                        var state = await qemu.Qmp.QueryStatusAsync(vm.Lifetime);
                        if (!state.Running)
                        {
                            // The source was paused when it sent the guest (stop-and-copy, or a pause on limit).
                            var resumed = qemu.Qmp.WaitForEventAsync(QmpEventNames.Resume, TimeSpan.FromSeconds(10), vm.Lifetime);
                            await qemu.Qmp.ContAsync(vm.Lifetime);
                            session.ResumedAt ??= (await resumed).ReceivedAt;
                        }
                        logger.LogInformation("Incoming {VmId}: the destination QEMU completed the load at {QemuAt:HH:mm:ss.fff} (read {ReadMs:F0} ms later); the guest resumed at {ResumedAt:HH:mm:ss.fff}",
                            vm.VmId, e.QemuTimestamp, (e.ReceivedAt - e.QemuTimestamp).TotalMilliseconds, session.ResumedAt);
                        session.Finish(status);
                        return;
                    }
                    if (status is MigrationStatus.Failed or MigrationStatus.Cancelled)
                    {
                        var info = await qemu.Qmp.QueryMigrateAsync(vm.Lifetime);
                        session.Finish($"{status}: {info.ErrorDesc ?? "no reason given"}");
                        return;
                    }
                }
            }
            session.Finish($"the destination QEMU went away: {qemu.Diagnostics}");
        }
        catch (Exception e) when (e is OperationCanceledException or QmpConnectionClosedException or QmpException or TimeoutException)
        {
            session.Finish($"the destination QEMU went away ({e.Message}): {qemu.Diagnostics}");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Watching the incoming migration of {VmId} failed", vm.VmId);
            session.Finish($"watching the incoming migration failed: {e.Message}");
        }
    }

    /// <summary>The preparation threw what it does not handle: the destination QEMU goes, and the scheduler hears why.</summary>
    public async Task FailUnexpectedAsync(PrepareIncoming command, Exception e)
    {
        if (vms.TryGet(command.VmId, out var vm) && vm.RunId == command.RunId && vm.State == VmState.Incoming)
            await vms.DestroyAsync(command.VmId);
        await Fail(command, $"the executor failed while preparing the destination: {e.GetType().Name}: {e.Message}");
    }

    private Task PublishReady(PrepareIncoming command, string uri)
    {
        logger.LogInformation("VM {VmId} expected on {Host} at {Uri} for run {RunId}", command.VmId, command.Host, uri, command.RunId);
        return bus.Publish(new IncomingReady { RunId = command.RunId, VmId = command.VmId, Host = command.Host, MigrationUri = uri });
    }

    private Task Fail(PrepareIncoming command, string reason)
    {
        logger.LogWarning("Cannot prepare {VmId} on {Host} for run {RunId}: {Reason}", command.VmId, command.Host, command.RunId, reason);
        return bus.Publish(new IncomingFailed { RunId = command.RunId, VmId = command.VmId, Host = command.Host, Reason = reason });
    }
}
