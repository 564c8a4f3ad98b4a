using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Vms;

// Every step of a run has a deadline. A grain timer enforces it while the grain is active; a reminder (persisted
// in Redis) wakes the grain after a silo restart, so no run waits forever. A run waiting for a host pair asks
// placement again on a timer.
public sealed partial class VmGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Vm.Current is not null)
            await ArmDeadlineAsync();
    }

    private async Task ArmDeadlineAsync()
    {
        if (Vm.Current is not { } run)
            return;
        var due = run.Deadline - clock.GetUtcNow();
        deadlineTimer?.Dispose();
        deadlineTimer = this.RegisterGrainTimer(CheckDeadlineAsync, due < TimeSpan.Zero ? TimeSpan.Zero : due, TimeSpan.FromSeconds(5));
        await this.RegisterOrUpdateReminder(DeadlineReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private async Task DisarmDeadlineAsync()
    {
        deadlineTimer?.Dispose();
        deadlineTimer = null;
        if (await this.GetReminder(DeadlineReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        Vm.Current is null ? DisarmDeadlineAsync() : CheckDeadlineAsync(CancellationToken.None);

    private async Task CheckDeadlineAsync(CancellationToken cancellationToken)
    {
        if (Vm.Current is not { } run || clock.GetUtcNow() < run.Deadline)
            return;
        var step = VmStateMachine.StepOf(Vm.Place.State);
        var reason = step == RunStep.Waiting
            ? $"deadline: no host pair became free for run {run.Plan.RunId}"
            : $"deadline: the {step.ToString().ToLowerInvariant()} step ({HostsOf()}) did not finish in time";
        var (from, to) = (Vm.Place.Host, Vm.Place.Destination);
        var deadline = new VmTrigger.DeadlinePassed();
        switch (Vm.Place.State)
        {
            case VmLifecycle.Preparing:
                await AbortIncomingAsync(deadline, run, reason);
                break;
            case VmLifecycle.Migrating:
                await SendAsync(new CancelMigration { RunId = run.Plan.RunId, VmId = VmId, Host = from!, Reason = reason });
                await DestroyGuestAsync(deadline, reason);
                break;
            case VmLifecycle.Booting:
                await DestroyGuestAsync(deadline, reason);
                break;
        }
        Record(VmEvent.Deadline, run.Plan.RunId, from, to, reason);
        // A run that was being cancelled when its executor fell silent still ends as the user asked.
        await FinishRunAsync(run.CancelReason is null ? RunStatus.Failed : RunStatus.Cancelled, step, reason);
    }

    /// <summary>Every host pair is busy: ask placement again shortly (the run's own deadline still holds).</summary>
    private void RetryPlacementLater()
    {
        placementRetry?.Dispose();
        placementRetry = this.RegisterGrainTimer(_ => AdvanceAsync(), Options.PlacementRetry, Timeout.InfiniteTimeSpan);
    }
}
