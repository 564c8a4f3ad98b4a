using MassTransit;

namespace MigrationAspire.Scheduler.Hosts;

/// <summary>
/// Whether this scheduler can hear the executors at all. Heartbeats come over RabbitMQ: while the broker is down, or
/// the scheduler's receive endpoints are reconnecting to it, every host falls silent at once, and that silence says
/// nothing about the hosts. Host liveness (<see cref="HostGrain"/>) judges silence only from the moment the bus was
/// last heard again. Fed by MassTransit's receive endpoint events and by <see cref="BrokerWatch"/>'s own connection.
/// </summary>
public sealed class BusListening(TimeProvider clock) : IReceiveEndpointObserver
{
    private readonly Lock gate = new();
    private readonly HashSet<Uri> deaf = [];
    private DateTimeOffset? since;
    private bool wasDeaf;

    /// <summary>
    /// After an outage the executors reconnect on their own back-off (MassTransit's grows to 15-20 s), so silence counts
    /// only this long after the scheduler hears the bus again.
    /// </summary>
    public static readonly TimeSpan ReconnectGrace = TimeSpan.FromSeconds(30);

    /// <summary>
    /// From when a host's silence counts: when everything was last heard again (plus <see cref="ReconnectGrace"/> after an
    /// outage); null while the broker or a receive endpoint is not heard (or none was ever).
    /// </summary>
    public DateTimeOffset? ListeningSince
    {
        get { lock (gate) return deaf.Count == 0 ? since : null; }
    }

    public void Hearing(Uri endpoint)
    {
        lock (gate)
        {
            if (!deaf.Remove(endpoint) && since is not null)
                return;
            if (deaf.Count == 0)
                since = clock.GetUtcNow() + (wasDeaf ? ReconnectGrace : TimeSpan.Zero);
        }
    }

    public void Deaf(Uri endpoint)
    {
        lock (gate)
        {
            // Deaf before ever hearing (starting up) is no outage: no grace follows it.
            if (deaf.Add(endpoint) && since is not null)
                wasDeaf = true;
        }
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
