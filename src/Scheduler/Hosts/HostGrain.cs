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
    BusListening bus,
    TimeProvider clock,
    ILogger<HostGrain> logger) : Grain, IHostGrain, IHostMembership
{
    private string Name => this.GetPrimaryKeyString();
    private HostGrainState Host => state.State;

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
        var restarted = Host.Last is { } last && last.Report.InstanceId != heartbeat.Report.InstanceId;
        var firstEver = Host.Last is null;
        Host.Last = heartbeat;
        Host.LastSeen = clock.GetUtcNow();
        var wasDown = !Host.Alive;
        Host.Alive = true;
        Host.DownReason = null;
        await state.WriteStateAsync();

        if (firstEver)
            await GrainFactory.GetGrain<IHostRegistryGrain>(IHostRegistryGrain.Key).Register(Name);
        if (wasDown && !firstEver)
            logger.LogInformation("Host {Host} is back", Name);
        if (restarted)
            await NotifyDownAsync($"the executor on host {Name} restarted, and the VMs it ran are gone");
    }

    public ValueTask<HostView?> Get() => ValueTask.FromResult(Host.Last is not { } last ? null : new HostView
    {
        Report = last.Report,
        Alive = Host.Alive,
        LastSeen = Host.LastSeen,
        DownReason = Host.DownReason,
    });

    public async Task Attach(string vmId)
    {
        if (Host.AttachedVms.Add(vmId))
            await state.WriteStateAsync();
    }

    public async Task Detach(string vmId)
    {
        if (Host.AttachedVms.Remove(vmId))
            await state.WriteStateAsync();
    }

    private async Task CheckLivenessAsync(CancellationToken cancellationToken)
    {
        // While the scheduler cannot hear the bus, no host can be heard: silence is no evidence (a RabbitMQ outage
        // marked every host down and failed runs that completed).
        if (!Host.Alive || Host.Last is null || bus.ListeningSince is not { } hearing)
            return;
        var now = clock.GetUtcNow();
        var limit = TimeSpan.FromTicks(Math.Max(options.Value.HostDownAfter.Ticks, 3 * Host.Last.Interval.Ticks));
        var heardFrom = new[] { Host.LastSeen, listeningSince, hearing }.Max();
        if (now - heardFrom <= limit)
            return;
        var silence = now - Host.LastSeen;
        Host.Alive = false;
        Host.DownReason = $"host {Name} sent no heartbeat for {silence.TotalSeconds:F0} s";
        await state.WriteStateAsync(cancellationToken);
        await NotifyDownAsync(Host.DownReason);
    }

    private async Task NotifyDownAsync(string reason)
    {
        logger.LogWarning("Host {Host} down: {Reason}; telling {Count} VMs", Name, reason, Host.AttachedVms.Count);
        foreach (var vmId in Host.AttachedVms)
            await GrainFactory.GetGrain<IVmGrain>(vmId).OnHostDown(Name, reason);
    }
}
