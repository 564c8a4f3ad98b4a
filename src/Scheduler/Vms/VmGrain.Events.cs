using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Vms;

// The executors' answers, and hosts going down. Each is accepted only when the state machine takes it in the
// VM's state and it answers the current run; anything else is a duplicate, late or out-of-order delivery and
// changes nothing.
public sealed partial class VmGrain
{
    public async Task OnBooted(VmBooted booted)
    {
        if (!await MoveAsync(new VmTrigger.Booted(booted.Host)))
            return;
        Record(VmEvent.Booted, Vm.Current?.Plan.RunId, to: booted.Host, detail: $"{booted.BootTimeMs:F0} ms, {booted.Accelerator}, QEMU {booted.QemuVersion}");
        // Booted, the run waits for a host pair: that wait has its own deadline, not what is left of the boot's.
        // The boot's lease stays until the migration's replaces it: the host's next heartbeat may not list the
        // VM yet, and until it does the lease is what keeps its memory from being given away twice.
        if (Vm.Current is { } run)
            await EnterStepAsync(run, Options.PlacementTimeout);
        else
        {
            await state.WriteStateAsync();
            await ReleaseLeaseAsync();
        }
        await AdvanceAsync();
    }

    public async Task OnBootFailed(VmBootFailed failed)
    {
        if (!await MoveAsync(new VmTrigger.BootFailed(failed.Host)))
            return;
        Record(VmEvent.BootFailed, Vm.Current?.Plan.RunId, to: failed.Host, detail: failed.Reason);
        await FinishRunAsync(RunStatus.Failed, RunStep.Boot, $"host {failed.Host} could not boot the VM: {failed.Reason}");
    }

    public async Task OnIncomingReady(IncomingReady ready)
    {
        if (Vm.Current is not { } run || run.Plan.RunId != ready.RunId || !await MoveAsync(new VmTrigger.IncomingReady(ready.Host)))
            return;
        run.MigrationUri = ready.MigrationUri;
        await EnterStepAsync(run, TimeSpan.FromSeconds(run.Plan.Migration.MaxTimeSeconds) + Options.MigrationGrace);
        await SendAsync(new StartMigration
        {
            RunId = run.Plan.RunId, VmId = VmId, Host = Vm.Place.Host!, DestinationHost = ready.Host,
            MigrationUri = ready.MigrationUri, Migration = run.Plan.Migration, Workload = Vm.Workload!, Network = run.Plan.Network,
        });
    }

    public async Task OnIncomingFailed(IncomingFailed failed)
    {
        if (Vm.Current?.Plan.RunId != failed.RunId || !await MoveAsync(new VmTrigger.IncomingFailed(failed.Host)))
            return;
        await FinishRunAsync(RunStatus.Failed, RunStep.Prepare, $"host {failed.Host} could not prepare the destination: {failed.Reason}");
    }

    public async Task OnMigrationCompleted(MigrationCompleted completed)
    {
        var (source, destination) = (Vm.Place.Host, Vm.Place.Destination);
        if (Vm.Current?.Plan.RunId != completed.RunId || !await MoveAsync(new VmTrigger.Migrated()))
        {
            IgnoredLate(completed.RunId, "completed");
            return;
        }
        Record(VmEvent.Migrated, completed.RunId, source, destination,
            $"{completed.Result.Mode.ToString().ToLowerInvariant()}: total {completed.Result.TotalTimeMs:F0} ms, downtime {completed.Result.DowntimeMs:F1} ms");
        await FinishRunAsync(RunStatus.Completed, RunStep.Migrate, null, completed.Result, source, destination);
    }

    public async Task OnMigrationFailed(MigrationFailed failed)
    {
        if (Vm.Current is not { } run || run.Plan.RunId != failed.RunId || Vm.Place.State is not (VmLifecycle.Preparing or VmLifecycle.Migrating))
        {
            IgnoredLate(failed.RunId, "failed");
            return;
        }
        var (source, destination) = (Vm.Place.Host!, Vm.Place.Destination!);
        Record(VmEvent.MigrationFailed, failed.RunId, source, destination, $"{failed.Step}: {failed.Reason} (guest: {failed.Guest})");
        var trigger = new VmTrigger.MigrationFailed(failed.Guest);
        if (failed.Guest is GuestLocation.Source or GuestLocation.Destination)
            await MoveAsync(trigger);
        else
            await DestroyGuestAsync(trigger, $"the guest was lost: {failed.Reason}");
        var status = run.CancelReason is not null ? RunStatus.Cancelled : RunStatus.Failed;
        await FinishRunAsync(status, failed.Step, $"migration {source}→{destination}: {failed.Reason}", failed.Partial, source, destination);
    }

    /// <summary>
    /// The lab's rule for a late outcome: a run's recorded end is final. An outcome for a run this VM no longer runs
    /// (it ended by its deadline, a host going down or a cancel, and the VM may have moved on since) is logged and
    /// dropped, so nothing is counted twice and no later run's state is touched. The executor's outbox resends an
    /// outcome every few seconds, well inside the deadline (the time limit + <c>Scheduler:MigrationGrace</c>).
    /// </summary>
    private void IgnoredLate(string runId, string outcome) =>
        logger.LogWarning("Outcome {Outcome} of run {RunId} ignored: VM {VmId} is {State} with run {CurrentRun}; the run's recorded end stands",
            outcome, runId, VmId, Vm.Place.State, Vm.Current?.Plan.RunId ?? "none");

    public async Task OnHostDown(string host, string reason)
    {
        if (VmStateMachine.Next(Vm.Place, new VmTrigger.HostDown(host)) is null)
            return;
        Record(VmEvent.HostDown, Vm.Current?.Plan.RunId, Vm.Place.Host, Vm.Place.Destination, reason);
        var step = VmStateMachine.StepOf(Vm.Place.State);
        // Where the guest is can no longer be known for sure: clear it from every host and boot afresh next time.
        await DestroyGuestAsync(new VmTrigger.HostDown(host), reason);
        if (Vm.Current is not null)
            await FinishRunAsync(RunStatus.Failed, step, reason);
        else
            await state.WriteStateAsync();
    }
}
