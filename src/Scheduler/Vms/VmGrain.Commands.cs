using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Hosts;
using MigrationAspire.Scheduler.Placement;

namespace MigrationAspire.Scheduler.Vms;

// What the experiment asks of its VM: carry out a run, cancel it, let the VM go; and after a scheduler restart,
// check the run in flight against what the hosts report.
public sealed partial class VmGrain
{
    public async Task Run(string experimentId, RunPlan plan)
    {
        if (Vm.FinishedRuns.Contains(plan.RunId) || Vm.Current?.Plan.RunId == plan.RunId)
            return;
        if (Vm.Place.State == VmLifecycle.Destroyed || Vm.Current is not null)
        {
            var why = Vm.Current is { } busy ? $"VM {VmId} is busy with run {busy.Plan.RunId}" : $"VM {VmId} was released";
            await GrainFactory.GetGrain<Experiments.IExperimentRuns>(experimentId).RunFinished(new RunRecord
            {
                Plan = plan, Status = RunStatus.Failed, VmId = VmId, FailedStep = RunStep.Schedule, FailureReason = why, FinishedAt = clock.GetUtcNow(),
            });
            return;
        }
        if (Vm.Spec is not null && (Vm.Spec != plan.Vm || Vm.Workload != plan.Workload) && Vm.Place.State != VmLifecycle.Absent)
            await DestroyGuestAsync(new VmTrigger.Reshaped(), "the next run needs a different VM or workload");
        Vm.ExperimentId = experimentId;
        Vm.Spec = plan.Vm;
        Vm.Workload = plan.Workload;
        Vm.Current = new CurrentRun { Plan = plan, Deadline = clock.GetUtcNow() + Options.PlacementTimeout };
        await state.WriteStateAsync();
        await ArmDeadlineAsync();
        await AdvanceAsync();
    }

    /// <summary>Takes the next protocol step of the current run, if the VM waits for one: boot it, or prepare a destination.</summary>
    private async Task AdvanceAsync()
    {
        if (Vm.Current is not { } run)
            return;
        if (Vm.Place.State == VmLifecycle.Absent)
        {
            var boot = await Placement.PlaceBoot(VmId, Vm.Spec!.MemoryMiB);
            if (!await AcceptPlacementAsync(boot, RunStep.Boot))
                return;
            await MoveAsync(new VmTrigger.BootPlaced(boot.Host!));
            await EnterStepAsync(run, Options.BootTimeout);
            await SendAsync(new BootVm { VmId = VmId, Host = boot.Host!, Vm = Vm.Spec, Workload = Vm.Workload! });
        }
        else if (Vm.Place.State == VmLifecycle.Idle)
        {
            var move = await Placement.PlaceMigration(VmId, Vm.Spec!.MemoryMiB, Vm.Place.Host!, Vm.Place.Origin, run.Plan.Migration.MaxTimeSeconds);
            if (!await AcceptPlacementAsync(move, RunStep.Prepare))
                return;
            await MoveAsync(new VmTrigger.DestinationPlaced(move.Host!));
            await EnterStepAsync(run, Options.PrepareTimeout);
            await ProbeEarlyAsync(run);
            await SendAsync(new PrepareIncoming
            {
                RunId = run.Plan.RunId, VmId = VmId, Host = move.Host!, SourceHost = Vm.Place.Host!,
                Vm = Vm.Spec, Workload = Vm.Workload!, Migration = run.Plan.Migration,
            });
        }
    }

    /// <summary>
    /// Asks the source to probe the guest's dirty rate while the destination is prepared (issue 17: the two used to
    /// run one after the other). Best effort: a source that never hears it probes when the migration starts.
    /// </summary>
    private async Task ProbeEarlyAsync(CurrentRun run)
    {
        try
        {
            await SendAsync(new ProbeDirtyRate { RunId = run.Plan.RunId, VmId = VmId, Host = Vm.Place.Host! });
        }
        catch (TimeoutException e)
        {
            logger.LogWarning("Run {RunId}: the early dirty-rate probe was not sent ({Reason}); the source probes when the migration starts", run.Plan.RunId, e.Message);
        }
    }

    /// <summary>
    /// True when a host was given; otherwise retries later, or fails the run with placement's reason when no host can
    /// ever take it or none came within Scheduler:HostWaitTimeout.
    /// </summary>
    private async Task<bool> AcceptPlacementAsync(PlacementDecision decision, RunStep step)
    {
        var run = Vm.Current!;
        if (decision.Host is not null)
        {
            run.WaitingForHostSince = null;
            return true;
        }
        if (decision.WantsHost)
        {
            var now = clock.GetUtcNow();
            if (run.WaitingForHostSince is not { } since)
            {
                run.WaitingForHostSince = now;
                await state.WriteStateAsync();
            }
            else if (now - since >= Options.HostWaitTimeout)
            {
                await FinishRunAsync(RunStatus.Failed, step, $"{decision.Reason}; no host came within {Options.HostWaitTimeout.TotalSeconds:0} s");
                return false;
            }
        }
        if (decision.Retry)
            RetryPlacementLater();
        else
            await FinishRunAsync(RunStatus.Failed, step, decision.Reason);
        return false;
    }

    public async Task Cancel(string runId, string reason)
    {
        if (Vm.Current is not { } run || run.Plan.RunId != runId)
            return;
        run.CancelReason = reason;
        var step = VmStateMachine.StepOf(Vm.Place.State);
        switch (Vm.Place.State)
        {
            case VmLifecycle.Booting:
                await DestroyGuestAsync(new VmTrigger.Cancelled(), reason);
                break;
            case VmLifecycle.Preparing:
                await AbortIncomingAsync(new VmTrigger.Cancelled(), run, reason);
                break;
            case VmLifecycle.Migrating:
                // The executor cancels the migration and reports it failed, with the guest on the source.
                await state.WriteStateAsync();
                await SendAsync(new CancelMigration { RunId = runId, VmId = VmId, Host = Vm.Place.Host!, Reason = reason });
                return;
        }
        await FinishRunAsync(RunStatus.Cancelled, step, reason);
    }

    public async Task Release(string reason)
    {
        if (Vm.Place.State == VmLifecycle.Destroyed)
            return;
        if (Vm.Current is not null)
            await FinishRunAsync(RunStatus.Cancelled, RunStep.Release, reason);
        await DestroyGuestAsync(new VmTrigger.Released(), reason);
        await state.WriteStateAsync();
    }

    public async Task<RunReceipt> Receipt(string runId)
    {
        if (Vm.Current?.Plan.RunId == runId)
            return RunReceipt.Carrying;
        if (Vm.RecentOutcomes.TryGetValue(runId, out var outcome))
        {
            await Experiment.RunFinished(outcome);
            return RunReceipt.Finished;
        }
        return Vm.FinishedRuns.Contains(runId) ? RunReceipt.Forgotten : RunReceipt.Unknown;
    }

    /// <summary>
    /// After a restart: a run in flight is kept only if its hosts are alive and still report the VM;
    /// otherwise it fails with the reason, never staying "running".
    /// </summary>
    public async Task Reconcile()
    {
        if (Vm.Current is not { } run)
            return;
        if (Vm.Place.State is VmLifecycle.Absent or VmLifecycle.Idle)
        {
            await AdvanceAsync();
            return;
        }
        var views = new List<HostView>();
        foreach (var host in Vm.Place.Hosts)
        {
            var view = await GrainFactory.GetGrain<IHostGrain>(host).Get();
            if (view is null || !view.Alive)
            {
                await OnHostDown(host, view?.DownReason ?? $"host {host} is unknown after the scheduler restarted");
                return;
            }
            views.Add(view);
        }
        if (views.Any(v => v.Report.Vms.Any(r => r.VmId == VmId)) || Vm.Place.State == VmLifecycle.Booting)
            return;
        var reason = $"after the scheduler restarted, no host reports VM {VmId} ({HostsOf()})";
        var step = VmStateMachine.StepOf(Vm.Place.State);
        await DestroyGuestAsync(new VmTrigger.Vanished(), reason);
        await FinishRunAsync(RunStatus.Failed, step, reason);
    }
}
