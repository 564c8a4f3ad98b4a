using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Hosts;

namespace MigrationAspire.Scheduler.Vms;

// Every step has a deadline. A grain timer enforces it while the grain is active; a reminder (persisted in
// Redis) wakes the grain after a silo restart, so no run waits forever.
public sealed partial class VmGrain
{
    private const string DeadlineReminder = "deadline";
    private IGrainTimer? deadlineTimer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Current is not null)
            await ArmDeadlineAsync();
    }

    private async Task ArmDeadlineAsync()
    {
        if (S.Current is not { } run)
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
        S.Current is null ? DisarmDeadlineAsync() : CheckDeadlineAsync(CancellationToken.None);

    private async Task CheckDeadlineAsync(CancellationToken cancellationToken)
    {
        if (S.Current is not { } run || clock.GetUtcNow() < run.Deadline)
            return;
        var step = StepName(run.Step);
        var reason = run.Step == RunStep.Waiting
            ? $"deadline: no host pair became free for run {run.Plan.RunId}"
            : $"deadline: the {step} step ({HostsOf()}) did not finish in time";
        if (run.Step == RunStep.Preparing)
        {
            await AbortIncomingAsync(run, reason);
            S.Lifecycle = VmLifecycle.Idle;
        }
        else if (run.Step is RunStep.Booting or RunStep.Migrating)
        {
            if (run.Step == RunStep.Migrating)
                await bus.SendToHost(S.Host!, new CancelMigration { RunId = run.Plan.RunId, VmId = VmId, Host = S.Host!, Reason = reason });
            await DestroyGuestAsync(reason, S.Host, S.DestinationHost);
        }
        Record("deadline", run.Plan.RunId, S.Host, S.DestinationHost, reason);
        // A run that was being cancelled when its executor fell silent still ends as the user asked.
        await FinishRunAsync(run.CancelReason is null ? RunStatus.Failed : RunStatus.Cancelled, step, reason);
    }

    private string HostsOf() => S.DestinationHost is null ? $"host {S.Host}" : $"{S.Host}→{S.DestinationHost}";

    /// <summary>
    /// After a restart: a run in flight is kept only if its hosts are alive and still report the VM;
    /// otherwise it fails with the reason, never staying "running".
    /// </summary>
    public async Task Reconcile()
    {
        if (S.Current is not { } run || run.Step == RunStep.Waiting)
        {
            if (S.Current is not null)
                await AdvanceAsync();
            return;
        }
        foreach (var host in new[] { S.Host, run.Step is RunStep.Migrating or RunStep.Preparing ? S.DestinationHost : null }.OfType<string>())
        {
            var view = await GrainFactory.GetGrain<IHostGrain>(host).Get();
            if (view is null || !view.Alive)
            {
                await OnHostDown(host, view?.DownReason ?? $"host {host} is unknown after the scheduler restarted");
                return;
            }
        }
        var source = await GrainFactory.GetGrain<IHostGrain>(S.Host!).Get();
        var stillThere = source!.Vms.Contains(VmId)
            || (S.DestinationHost is { } d && (await GrainFactory.GetGrain<IHostGrain>(d).Get())!.Vms.Contains(VmId));
        if (!stillThere && run.Step != RunStep.Booting)
        {
            var reason = $"after the scheduler restarted, no host reports VM {VmId} ({HostsOf()})";
            await DestroyGuestAsync(reason, S.Host, S.DestinationHost);
            await FinishRunAsync(RunStatus.Failed, StepName(run.Step), reason);
        }
    }
}
