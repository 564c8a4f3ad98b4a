using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Vms;

// The executors' answers. Each is accepted only in the state and for the run it answers; anything else is
// a duplicate, late or out-of-order delivery and changes nothing.
public sealed partial class VmGrain
{
    public async Task OnBooted(VmBooted booted)
    {
        if (S.Lifecycle != VmLifecycle.Booting || booted.Host != S.Host)
            return;
        S.Lifecycle = VmLifecycle.Idle;
        Record("booted", S.Current?.Plan.RunId, to: booted.Host, detail: $"{booted.BootTimeMs:F0} ms, {booted.Accelerator}, QEMU {booted.QemuVersion}");
        // Booted, the run waits for a host pair: that wait has its own deadline, not what is left of the boot's.
        // The boot's lease stays until the migration's replaces it: the host's next heartbeat may not list the
        // VM yet, and until it does the lease is what keeps its memory from being given away twice.
        if (S.Current is { } run)
            await EnterStepAsync(run, RunStep.Waiting, Options.PlacementTimeoutSeconds);
        else
        {
            await state.WriteStateAsync();
            await ReleaseLeaseAsync();
        }
        await AdvanceAsync();
    }

    public async Task OnBootFailed(VmBootFailed failed)
    {
        if (S.Lifecycle != VmLifecycle.Booting || failed.Host != S.Host)
            return;
        var host = S.Host!;
        Record("boot-failed", S.Current?.Plan.RunId, to: host, detail: failed.Reason);
        await LeaveHostsAsync(host);
        S.Lifecycle = VmLifecycle.Absent;
        S.Host = null;
        await FinishRunAsync(RunStatus.Failed, "boot", $"host {host} could not boot the VM: {failed.Reason}");
    }

    public async Task OnIncomingReady(IncomingReady ready)
    {
        if (S.Lifecycle != VmLifecycle.Preparing || S.Current is not { } run || run.Plan.RunId != ready.RunId || ready.Host != S.DestinationHost)
            return;
        S.Lifecycle = VmLifecycle.Migrating;
        run.MigrationUri = ready.MigrationUri;
        await EnterStepAsync(run, RunStep.Migrating, run.Plan.Migration.MaxTimeSeconds + Options.MigrationGraceSeconds);
        await bus.SendToHost(S.Host!, new StartMigration
        {
            RunId = run.Plan.RunId, VmId = VmId, Host = S.Host!, DestinationHost = ready.Host,
            MigrationUri = ready.MigrationUri, Migration = run.Plan.Migration, Workload = S.Workload!,
        });
    }

    public async Task OnIncomingFailed(IncomingFailed failed)
    {
        if (S.Lifecycle != VmLifecycle.Preparing || S.Current?.Plan.RunId != failed.RunId || failed.Host != S.DestinationHost)
            return;
        var destination = S.DestinationHost!;
        await LeaveHostsAsync(destination);
        S.Lifecycle = VmLifecycle.Idle;
        S.DestinationHost = null;
        await FinishRunAsync(RunStatus.Failed, "prepare", $"host {destination} could not prepare the destination: {failed.Reason}");
    }

    public async Task OnMigrationCompleted(MigrationCompleted completed)
    {
        if (S.Lifecycle != VmLifecycle.Migrating || S.Current?.Plan.RunId != completed.RunId)
            return;
        var (source, destination) = (S.Host!, S.DestinationHost!);
        Record("migrated", completed.RunId, source, destination,
            $"{completed.Result.Mode.ToString().ToLowerInvariant()}: total {completed.Result.TotalTimeMs:F0} ms, downtime {completed.Result.DowntimeMs:F1} ms");
        await LeaveHostsAsync(source);
        S.Lifecycle = VmLifecycle.Idle;
        S.Host = destination;
        S.DestinationHost = null;
        await FinishRunAsync(RunStatus.Completed, null, null, completed.Result, source, destination);
    }

    public async Task OnMigrationFailed(MigrationFailed failed)
    {
        if (S.Lifecycle is not (VmLifecycle.Migrating or VmLifecycle.Preparing) || S.Current is not { } run || run.Plan.RunId != failed.RunId)
            return;
        var (source, destination) = (S.Host!, S.DestinationHost!);
        Record("migration-failed", failed.RunId, source, destination, $"{failed.Step}: {failed.Reason} (guest: {failed.Guest})");
        switch (failed.Guest)
        {
            case GuestLocation.Source:
                await LeaveHostsAsync(destination);
                S.Lifecycle = VmLifecycle.Idle;
                S.DestinationHost = null;
                break;
            case GuestLocation.Destination:
                await LeaveHostsAsync(source);
                S.Lifecycle = VmLifecycle.Idle;
                S.Host = destination;
                S.DestinationHost = null;
                break;
            default:
                await DestroyGuestAsync($"the guest was lost: {failed.Reason}", source, destination);
                break;
        }
        var status = run.CancelReason is not null ? RunStatus.Cancelled : RunStatus.Failed;
        await FinishRunAsync(status, failed.Step, $"migration {source}→{destination}: {failed.Reason}", failed.Partial, source, destination);
    }

    public async Task OnHostDown(string host, string reason)
    {
        var involved = host == S.Host || (host == S.DestinationHost && S.Current is not null);
        if (!involved || S.Lifecycle == VmLifecycle.Destroyed)
            return;
        Record("host-down", S.Current?.Plan.RunId, S.Host, S.DestinationHost, reason);
        if (S.Current is { } run)
        {
            var step = StepName(run.Step);
            // Where the guest is can no longer be known for sure: clear it from every host and boot afresh next time.
            await DestroyGuestAsync(reason, S.Host, S.DestinationHost);
            await FinishRunAsync(RunStatus.Failed, step, reason);
            return;
        }
        await DestroyGuestAsync(reason, S.Host);
        await state.WriteStateAsync();
    }
}
