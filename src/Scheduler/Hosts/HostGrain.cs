using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Scheduler.Hosts;

/// <summary>
/// One executor host, registered from its heartbeats. A host that falls silent, or whose executor restarted
/// (its VMs died with it), is marked down and every VM attached to it is told, with the reason.
/// </summary>
public sealed class HostGrain(
    [PersistentState("host", "Default")] IPersistentState<HostGrainState> state,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<HostGrain> logger) : Grain, IHostGrain, IHostMembership
{
    private string Name => this.GetPrimaryKeyString();

    // While no activation of this grain ran (the scheduler was restarting) no heartbeat could be heard, so
    // silence counts from the activation at the earliest.
    private DateTimeOffset listeningSince;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        listeningSince = clock.GetUtcNow();
        this.RegisterGrainTimer(CheckLivenessAsync, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    public async ValueTask Heartbeat(HostHeartbeat heartbeat)
    {
        var s = state.State;
        var restarted = s.Last is { } last && last.InstanceId != heartbeat.InstanceId;
        var firstEver = s.Last is null;
        s.Last = heartbeat;
        s.LastSeen = clock.GetUtcNow();
        var wasDown = !s.Alive;
        s.Alive = true;
        s.DownReason = null;
        await state.WriteStateAsync();

        if (firstEver)
            await GrainFactory.GetGrain<IHostRegistryGrain>(IHostRegistryGrain.Key).Register(Name);
        if (wasDown && !firstEver)
            logger.LogInformation("Host {Host} is back", Name);
        if (restarted)
            await NotifyDownAsync($"the executor on host {Name} restarted, and the VMs it ran are gone");
    }

    public ValueTask<HostView?> Get()
    {
        var s = state.State;
        if (s.Last is not { } last)
            return ValueTask.FromResult<HostView?>(null);
        return ValueTask.FromResult<HostView?>(new HostView
        {
            Host = Name,
            Alive = s.Alive,
            LastSeen = s.LastSeen,
            InstanceId = last.InstanceId,
            Accelerator = last.Accelerator,
            AcceleratorReason = last.AcceleratorReason,
            QemuVersion = last.QemuVersion,
            MigrationAddress = last.MigrationAddress,
            MemoryBudgetMiB = last.MemoryBudgetMiB,
            MemoryUsedMiB = last.MemoryUsedMiB,
            MaxVms = last.MaxVms,
            Vms = last.Vms.Select(v => v.VmId).ToList(),
            DownReason = s.DownReason,
        });
    }

    public async Task Attach(string vmId)
    {
        if (state.State.AttachedVms.Add(vmId))
            await state.WriteStateAsync();
    }

    public async Task Detach(string vmId)
    {
        if (state.State.AttachedVms.Remove(vmId))
            await state.WriteStateAsync();
    }

    private async Task CheckLivenessAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        if (!s.Alive || s.Last is null)
            return;
        var now = clock.GetUtcNow();
        var limit = TimeSpan.FromSeconds(Math.Max(options.Value.HostDownAfterSeconds, 3 * s.Last.IntervalSeconds));
        if (now - (s.LastSeen > listeningSince ? s.LastSeen : listeningSince) <= limit)
            return;
        var silence = now - s.LastSeen;
        s.Alive = false;
        s.DownReason = $"host {Name} sent no heartbeat for {silence.TotalSeconds:F0} s";
        await state.WriteStateAsync(cancellationToken);
        await NotifyDownAsync(s.DownReason);
    }

    private async Task NotifyDownAsync(string reason)
    {
        logger.LogWarning("Host {Host} down: {Reason}; telling {Count} VMs", Name, reason, state.State.AttachedVms.Count);
        foreach (var vmId in state.State.AttachedVms)
            await GrainFactory.GetGrain<IVmGrain>(vmId).OnHostDown(Name, reason);
    }
}
