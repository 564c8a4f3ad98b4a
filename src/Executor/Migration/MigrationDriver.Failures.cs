using System.Collections.Concurrent;
using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Observability;
using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;
using MigrationAspire.Executor.Vms;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Migration;

// How a migration that went wrong ends: the guest resumed on the source (or named lost), the destination sent away,
// and the run's outcome told, whatever the cause.
public sealed partial class MigrationDriver
{
    /// <summary>
    /// The migration threw what nothing else handled. The guest must not stay paused on the source until the
    /// scheduler's deadline: it is resumed there (or named lost, when its QEMU died), and the run fails with the reason.
    /// </summary>
    public async Task FailUnexpectedAsync(StartMigration command, Exception e)
    {
        if (finished.TryGet(command.RunId, out _))
            return;
        if (!vms.TryGet(command.VmId, out var vm) || vm.Qemu is not { } qemu || vm.RunId != command.RunId)
        {
            var reason = e is OperationCanceledException ? $"VM {command.VmId} was destroyed on host {command.Host} during the migration"
                : $"the executor failed: {e.GetType().Name}: {e.Message}";
            await FailAsync(command, RunStep.Migrate, reason, GuestLocation.Unknown, null);
            return;
        }
        if (await DiedAsync(qemu))
        {
            await vms.DestroyAsync(command.VmId);
            await FailAsync(command, RunStep.Migrate, SourceDied(qemu), GuestLocation.Lost, null);
            return;
        }
        await ResumeSourceAsync(vm, qemu);
        await FailAsync(command, RunStep.Migrate, $"the executor failed: {e.GetType().Name}: {e.Message}", GuestLocation.Source, null);
    }

    private static string SourceDied(QemuProcess qemu) => $"the source QEMU (pid {qemu.Pid}) died during the migration: {qemu.Diagnostics}";

    /// <summary>A broken QMP connection may come a moment before the kernel reports the process gone.</summary>
    private static async Task<bool> DiedAsync(QemuProcess qemu)
    {
        try { await qemu.Exited.WaitAsync(TimeSpan.FromSeconds(1)); }
        catch (TimeoutException) { }
        return qemu.HasExited;
    }

    /// <summary>
    /// The source QEMU's exit ends the run at once, whatever the migration was waiting for (a QMP reply, an event, the
    /// destination's confirmation); the lab's own destroy of the VM (<paramref name="lifetime"/> ended) is no death.
    /// </summary>
    private static async Task UntilSourceDiesAsync(Task work, QemuProcess qemu, CancellationToken lifetime, CancellationTokenSource run)
    {
        if (await Task.WhenAny(work, qemu.Exited) == work || lifetime.IsCancellationRequested)
        {
            await work;
            return;
        }
        await run.CancelAsync();
        try { await work.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception) { /* what the migration saw of the death; the death is the reason */ }
        throw new QmpConnectionClosedException($"QEMU {qemu.Pid} exited");
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

    private async Task FailAsync(StartMigration command, RunStep step, string reason, GuestLocation guest, MigrationResult? partial)
    {
        logger.LogWarning("Run {RunId}: migration of {VmId} {Source}→{Destination} failed at {Step}, guest {Guest}: {Reason}",
            command.RunId, command.VmId, command.Host, command.DestinationHost, step, guest, reason);
        instruments.Fail(command, step);
        RunTrace.Current?.Fail(step.ToString().ToLowerInvariant(), reason);
        await bus.SendToHost(new AbortIncoming { RunId = command.RunId, VmId = command.VmId, Host = command.DestinationHost, Reason = reason });
        var failed = new MigrationFailed
        {
            RunId = command.RunId, VmId = command.VmId, SourceHost = command.Host, DestinationHost = command.DestinationHost,
            Step = step, Reason = reason, Guest = guest, Partial = partial,
        };
        finished.Add(command.RunId, failed);
        await outbox.SendAsync(failed, command.RunId);
    }
}
