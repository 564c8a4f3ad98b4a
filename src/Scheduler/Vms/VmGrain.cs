using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Experiments;
using MigrationAspire.Scheduler.Hosting;
using MigrationAspire.Scheduler.Hosts;
using MigrationAspire.Scheduler.Placement;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Scheduler.Vms;

/// <summary>
/// One VM's state machine (see <see cref="IVmGrain"/>): Absent → Booting → Idle → Preparing → Migrating →
/// Idle on the other host, and so on; a repetition migrates it back. Every transition is persisted before
/// the command that follows it is sent, so a restarted silo knows what it was waiting for.
/// </summary>
public sealed partial class VmGrain(
    [PersistentState("vm", "Default")] IPersistentState<VmGrainState> state,
    IBus bus,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<VmGrain> logger) : Grain, IVmGrain, IRemindable
{
    private const int HistoryLimit = 500;
    private const int RecentOutcomeLimit = 50;
    private IGrainTimer? placementRetry;

    private string VmId => this.GetPrimaryKeyString();
    private VmGrainState S => state.State;
    private SchedulerOptions Options => options.Value;
    private IPlacementGrain Placement => GrainFactory.GetGrain<IPlacementGrain>(IPlacementGrain.Key);

    public async Task Run(string experimentId, RunPlan plan)
    {
        if (S.FinishedRuns.Contains(plan.RunId) || S.Current?.Plan.RunId == plan.RunId)
            return;
        if (S.Lifecycle == VmLifecycle.Destroyed || S.Current is not null)
        {
            var why = S.Current is { } busy ? $"VM {VmId} is busy with run {busy.Plan.RunId}" : $"VM {VmId} was released";
            await GrainFactory.GetGrain<IExperimentRuns>(experimentId).RunFinished(Outcome(plan.RunId, RunStatus.Failed, "schedule", why));
            return;
        }
        if (S.Vm is not null && (S.Vm != plan.Vm || S.Workload != plan.Workload) && S.Lifecycle != VmLifecycle.Absent)
        {
            // Another guest shape: this guest cannot serve the run, so start over with a new one.
            await DestroyGuestAsync("the next run needs a different VM or workload", S.Host);
        }
        S.ExperimentId = experimentId;
        S.Vm = plan.Vm;
        S.Workload = plan.Workload;
        S.Current = new CurrentRun { Plan = plan, Deadline = clock.GetUtcNow().AddSeconds(Options.PlacementTimeoutSeconds) };
        await state.WriteStateAsync();
        await ArmDeadlineAsync();
        await AdvanceAsync();
    }

    /// <summary>Takes the next protocol step of the current run, if the VM is ready for it.</summary>
    private async Task AdvanceAsync()
    {
        if (S.Current is not { Step: RunStep.Waiting } run)
            return;
        if (S.Lifecycle == VmLifecycle.Absent)
        {
            var boot = await Placement.PlaceBoot(VmId, S.Vm!.MemoryMiB);
            if (!await AcceptPlacementAsync(boot, "boot"))
                return;
            S.Lifecycle = VmLifecycle.Booting;
            S.Host = boot.Host;
            await EnterStepAsync(run, RunStep.Booting, Options.BootTimeoutSeconds);
            await Attach(boot.Host!);
            await bus.SendToHost(boot.Host!, new BootVm { VmId = VmId, Host = boot.Host!, Vm = S.Vm, Workload = S.Workload! });
        }
        else if (S.Lifecycle == VmLifecycle.Idle)
        {
            var cameFrom = S.History.LastOrDefault(h => h.Event == "migrated")?.From;
            var move = await Placement.PlaceMigration(VmId, S.Vm!.MemoryMiB, S.Host!, cameFrom, run.Plan.Migration.MaxTimeSeconds);
            if (!await AcceptPlacementAsync(move, "prepare"))
                return;
            S.Lifecycle = VmLifecycle.Preparing;
            S.DestinationHost = move.Host;
            await EnterStepAsync(run, RunStep.Preparing, Options.PrepareTimeoutSeconds);
            await Attach(move.Host!);
            await bus.SendToHost(move.Host!, new PrepareIncoming
            {
                RunId = run.Plan.RunId, VmId = VmId, Host = move.Host!, SourceHost = S.Host!,
                Vm = S.Vm, Workload = S.Workload!, Migration = run.Plan.Migration,
            });
        }
    }

    /// <summary>True when a host was given; otherwise retries later or fails the run with placement's reason.</summary>
    private async Task<bool> AcceptPlacementAsync(PlacementDecision decision, string step)
    {
        if (decision.Host is not null)
            return true;
        if (decision.Retry)
        {
            placementRetry?.Dispose();
            placementRetry = this.RegisterGrainTimer(_ => AdvanceAsync(), TimeSpan.FromSeconds(Options.PlacementRetrySeconds), Timeout.InfiniteTimeSpan);
            return false;
        }
        await FinishRunAsync(RunStatus.Failed, step, decision.Reason);
        return false;
    }

    private async Task EnterStepAsync(CurrentRun run, RunStep step, double timeoutSeconds)
    {
        run.Step = step;
        run.Deadline = clock.GetUtcNow().AddSeconds(timeoutSeconds);
        await state.WriteStateAsync();
        await ArmDeadlineAsync();
        await GrainFactory.GetGrain<IExperimentRuns>(S.ExperimentId)
            .RunProgress(run.Plan.RunId, step, VmId, S.Host, S.DestinationHost);
    }

    public async Task Cancel(string runId, string reason)
    {
        if (S.Current is not { } run || run.Plan.RunId != runId)
            return;
        run.CancelReason = reason;
        switch (run.Step)
        {
            case RunStep.Waiting:
                break;
            case RunStep.Booting:
                await DestroyGuestAsync(reason, S.Host);
                break;
            case RunStep.Preparing:
                await AbortIncomingAsync(run, reason);
                S.Lifecycle = VmLifecycle.Idle;
                break;
            default:
                // The executor cancels the migration and reports it failed, with the guest on the source.
                await state.WriteStateAsync();
                await bus.SendToHost(S.Host!, new CancelMigration { RunId = runId, VmId = VmId, Host = S.Host!, Reason = reason });
                return;
        }
        await FinishRunAsync(RunStatus.Cancelled, StepName(run.Step), reason);
    }

    public async Task Release(string reason)
    {
        if (S.Lifecycle == VmLifecycle.Destroyed)
            return;
        if (S.Current is { } run)
            await FinishRunAsync(RunStatus.Cancelled, "release", reason);
        await DestroyGuestAsync(reason, S.Host, S.DestinationHost);
        S.Lifecycle = VmLifecycle.Destroyed;
        await state.WriteStateAsync();
    }

    public ValueTask<VmView?> Get() => ValueTask.FromResult<VmView?>(S.ExperimentId.Length == 0 ? null : new VmView
    {
        VmId = VmId,
        ExperimentId = S.ExperimentId,
        State = S.Lifecycle,
        Host = S.Host,
        RunId = S.Current?.Plan.RunId,
        DestinationHost = S.DestinationHost,
        Deadline = S.Current?.Deadline,
        History = S.History.ToList(),
    });
}
