using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace MigrationAspire.Api.Dependencies;

/// <summary>On the API's Orleans client: a grain call that found no silo, lost it, or outlived the response timeout marks the scheduler as out of reach.</summary>
internal sealed class SchedulerUnreachableMarker : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (e is SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException
            or GatewayTooBusyException or TimeoutException)
        {
            DependencyFailures.Mark(e, LabDependency.Scheduler);
            throw;
        }
    }
}
