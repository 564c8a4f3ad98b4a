using MassTransit;
using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Messaging;

/// <summary>Hands each executor event to the grain of the VM it is about.</summary>
public sealed class ExecutorEventsConsumer(IGrainFactory grains) :
    IConsumer<VmBooted>, IConsumer<VmBootFailed>, IConsumer<IncomingReady>, IConsumer<IncomingFailed>,
    IConsumer<MigrationCompleted>, IConsumer<MigrationFailed>
{
    private IVmGrain Vm(string vmId) => grains.GetGrain<IVmGrain>(vmId);

    public Task Consume(ConsumeContext<VmBooted> context) => Vm(context.Message.VmId).OnBooted(context.Message);
    public Task Consume(ConsumeContext<VmBootFailed> context) => Vm(context.Message.VmId).OnBootFailed(context.Message);
    public Task Consume(ConsumeContext<IncomingReady> context) => Vm(context.Message.VmId).OnIncomingReady(context.Message);
    public Task Consume(ConsumeContext<IncomingFailed> context) => Vm(context.Message.VmId).OnIncomingFailed(context.Message);
    public Task Consume(ConsumeContext<MigrationCompleted> context) => Vm(context.Message.VmId).OnMigrationCompleted(context.Message);
    public Task Consume(ConsumeContext<MigrationFailed> context) => Vm(context.Message.VmId).OnMigrationFailed(context.Message);
}

/// <summary>Registers executor hosts and keeps their liveness from their heartbeats.</summary>
public sealed class HostHeartbeatConsumer(IGrainFactory grains) : IConsumer<HostHeartbeat>
{
    public async Task Consume(ConsumeContext<HostHeartbeat> context) =>
        await grains.GetGrain<IHostGrain>(context.Message.Report.Host).Heartbeat(context.Message);
}
