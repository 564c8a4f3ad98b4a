using MassTransit;

namespace MigrationAspire.Scheduler.Hosts;

/// <summary>
/// Whether this scheduler can hear the executors at all. Heartbeats come over RabbitMQ: while the broker is down, or
/// the scheduler's receive endpoints are reconnecting to it, every host falls silent at once, and that silence says
/// nothing about the hosts. Host liveness (<see cref="HostGrain"/>) judges silence only from the moment the bus was
/// last heard again. Fed by MassTransit's receive endpoint events.
/// </summary>
public sealed class BusListening(TimeProvider clock) : IReceiveEndpointObserver
{
    private readonly Lock gate = new();
    private readonly HashSet<Uri> deaf = [];
    private DateTimeOffset? since;

    /// <summary>When every receive endpoint was last ready again; null while one is not (or none was ever ready).</summary>
    public DateTimeOffset? ListeningSince
    {
        get { lock (gate) return deaf.Count == 0 ? since : null; }
    }

    public void Hearing(Uri endpoint)
    {
        lock (gate)
        {
            deaf.Remove(endpoint);
            if (deaf.Count == 0)
                since = clock.GetUtcNow();
        }
    }

    public void Deaf(Uri endpoint)
    {
        lock (gate)
            deaf.Add(endpoint);
    }

    Task IReceiveEndpointObserver.Ready(ReceiveEndpointReady ready)
    {
        Hearing(ready.InputAddress);
        return Task.CompletedTask;
    }

    Task IReceiveEndpointObserver.Faulted(ReceiveEndpointFaulted faulted)
    {
        Deaf(faulted.InputAddress);
        return Task.CompletedTask;
    }

    Task IReceiveEndpointObserver.Stopping(ReceiveEndpointStopping stopping)
    {
        Deaf(stopping.InputAddress);
        return Task.CompletedTask;
    }

    Task IReceiveEndpointObserver.Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
}
