using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Experiments;
using MigrationAspire.Scheduler.Hosting;
using MigrationAspire.Scheduler.Hosts;
using MigrationAspire.Scheduler.Placement;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Scheduler.Vms;

/// <summary>
/// One VM: its state machine (<see cref="VmStateMachine"/>) carried out against the executors. Its partial files
/// follow the machine's inputs: commands from the experiment (<c>VmGrain.Commands.cs</c>), the executors' events
/// (<c>VmGrain.Events.cs</c>) and time (<c>VmGrain.Time.cs</c>). Every transition is persisted before the
/// command that follows it is sent, so a restarted silo knows what it was waiting for.
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
    private const string DeadlineReminder = "deadline";
    private IGrainTimer? deadlineTimer;
    private IGrainTimer? placementRetry;

    private string VmId => this.GetPrimaryKeyString();
    private VmGrainState Vm => state.State;
    private SchedulerOptions Options => options.Value;
    private IPlacementGrain Placement => GrainFactory.GetGrain<IPlacementGrain>(IPlacementGrain.Key);
    private IExperimentRuns Experiment => GrainFactory.GetGrain<IExperimentRuns>(Vm.ExperimentId);

    public ValueTask<VmView?> Get() => ValueTask.FromResult<VmView?>(Vm.ExperimentId.Length == 0 ? null : new VmView
    {
        VmId = VmId,
        ExperimentId = Vm.ExperimentId,
        State = Vm.Place.State,
        Host = Vm.Place.Host,
        RunId = Vm.Current?.Plan.RunId,
        DestinationHost = Vm.Place.Destination,
        Deadline = Vm.Current?.Deadline,
        History = Vm.History.ToList(),
    });

    /// <summary>
    /// Takes a transition of the state machine; false, changing nothing, when the trigger does not apply in the
    /// VM's state. The hosts the VM depends on follow its place: they tell it when they go down.
    /// </summary>
    private async Task<bool> MoveAsync(VmTrigger trigger)
    {
        if (VmStateMachine.Next(Vm.Place, trigger) is not { } next)
            return false;
        var before = Vm.Place.Hosts.ToList();
        Vm.Place = next;
        foreach (var left in before.Except(next.Hosts))
            await GrainFactory.GetGrain<IHostMembership>(left).Detach(VmId);
        foreach (var joined in next.Hosts.Except(before))
            await GrainFactory.GetGrain<IHostMembership>(joined).Attach(VmId);
        return true;
    }

    /// <summary>The current run reached a new step: it gets that step's deadline, and the experiment hears of it.</summary>
    private async Task EnterStepAsync(CurrentRun run, TimeSpan timeout)
    {
        run.Deadline = clock.GetUtcNow() + timeout;
        await state.WriteStateAsync();
        await ArmDeadlineAsync();
        await Experiment.RunProgress(run.Plan.RunId, VmStateMachine.StepOf(Vm.Place.State), VmId, Vm.Place.Host, Vm.Place.Destination);
    }

    /// <summary>Ends the current run: stored first, told next (a lost telling is repeated on the watchdog's request).</summary>
    private async Task FinishRunAsync(RunStatus status, RunStep step, string? reason,
        MigrationResult? result = null, string? source = null, string? destination = null)
    {
        if (Vm.Current is not { } run)
            return;
        var runId = run.Plan.RunId;
        if (status != RunStatus.Completed)
            logger.LogWarning("Run {RunId} on VM {VmId} {Status} at {Step}: {Reason}", runId, VmId, status, step, reason);
        var outcome = new RunRecord
        {
            Plan = run.Plan,
            Status = status,
            VmId = VmId,
            SourceHost = source ?? Vm.Place.Host,
            DestinationHost = destination ?? Vm.Place.Destination,
            Result = result,
            FailedStep = status == RunStatus.Completed ? null : step,
            FailureReason = reason,
            FinishedAt = clock.GetUtcNow(),
        };
        Vm.Current = null;
        Vm.FinishedRuns.Add(runId);
        Vm.RecentOutcomes[runId] = outcome;
        foreach (var old in Vm.RecentOutcomes.Values.OrderBy(o => o.FinishedAt).Take(Math.Max(0, Vm.RecentOutcomes.Count - RecentOutcomeLimit)).ToList())
            Vm.RecentOutcomes.Remove(old.Plan.RunId);
        await state.WriteStateAsync();
        await DisarmDeadlineAsync();
        await Experiment.RunFinished(outcome);
        await ReleaseLeaseAsync();
    }

    /// <summary>Tells the guest's hosts to drop it, then takes <paramref name="trigger"/> (which leaves it absent or destroyed).</summary>
    private async Task DestroyGuestAsync(VmTrigger trigger, string reason)
    {
        var (hosts, runId) = (Vm.Place.Hosts.ToList(), Vm.Current?.Plan.RunId);
        var (from, to) = (Vm.Place.Host, Vm.Place.Destination);
        foreach (var host in hosts)
            await SendAsync(new DestroyVm { VmId = VmId, Host = host, Reason = reason });
        var wasThere = Vm.Place.State != VmLifecycle.Absent;
        await MoveAsync(trigger);
        if (wasThere)
            Record(VmEvent.Destroyed, runId, from, to, reason);
        await ReleaseLeaseAsync();
    }

    /// <summary>Sends the prepared destination away; the trigger brings the VM back to its source.</summary>
    private async Task AbortIncomingAsync(VmTrigger trigger, CurrentRun run, string reason)
    {
        if (Vm.Place.Destination is { } destination)
            await SendAsync(new AbortIncoming { RunId = run.Plan.RunId, VmId = VmId, Host = destination, Reason = reason });
        await MoveAsync(trigger);
    }

    /// <summary>
    /// Sends a command to its host's executor, giving RabbitMQ <see cref="SchedulerOptions.BusSendTimeout"/> to take
    /// it: a grain turn never waits on a broker that is down.
    /// </summary>
    private async Task SendAsync<T>(T command) where T : class, IHostCommand
    {
        using var timeout = new CancellationTokenSource(Options.BusSendTimeout);
        try
        {
            await bus.SendToHost(command, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"RabbitMQ did not take {typeof(T).Name} for host {command.Host} within {Options.BusSendTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Gives the placement lease back; a failure only delays reuse until the lease expires.</summary>
    private async Task ReleaseLeaseAsync()
    {
        try
        {
            await Placement.Release(VmId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "VM {VmId} could not give its placement lease back", VmId);
        }
    }

    private void Record(VmEvent what, string? runId, string? from = null, string? to = null, string? detail = null)
    {
        Vm.History.Add(new VmHistoryEntry { At = clock.GetUtcNow(), Event = what, RunId = runId, From = from, To = to, Detail = detail });
        if (Vm.History.Count > HistoryLimit)
            Vm.History.RemoveRange(0, Vm.History.Count - HistoryLimit);
    }

    private string HostsOf() => Vm.Place.Destination is null ? $"host {Vm.Place.Host}" : $"{Vm.Place.Host}→{Vm.Place.Destination}";
}
