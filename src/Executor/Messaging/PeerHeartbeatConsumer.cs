using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Migration;

namespace MigrationAspire.Executor.Messaging;

/// <summary>Learns every host's advertised migration address from its heartbeat (<see cref="MigrationUriRule"/>).</summary>
public sealed class PeerHeartbeatConsumer(MigrationAddresses addresses) : IConsumer<HostHeartbeat>
{
    public Task Consume(ConsumeContext<HostHeartbeat> context)
    {
        addresses.Learn(context.Message.Report);
        return Task.CompletedTask;
    }

    /// <summary>On a queue of this executor's own that goes with it: a heartbeat is news only while someone listens.</summary>
    public static void AddTo(IBusRegistrationConfigurator bus, string host) =>
        bus.AddConsumer<PeerHeartbeatConsumer>().Endpoint(e =>
        {
            e.Name = $"{ExecutorQueue.Name(host)}-peers";
            e.Temporary = true;
        });
}
