using MassTransit;

namespace MigrationAspire.Scheduler.Hosts;

/// <summary>
/// Whether this scheduler can hear the executors at all. Heartbeats come over RabbitMQ: while the broker is down, or
/// the scheduler's receive endpoints are reconnecting to it, every host falls silent at once, and that silence says
/// nothing about the hosts. Host liveness (<see cref="HostGrain"/>) judges silence only from the moment the bus was
/// last heard again. Fed by MassTransit's receive endpoint events and by <see cref="BrokerWatch"/>'s own connection,
/// and by <see cref="SelfStallWatch"/>: while this process itself does not run (its machine paused or snapshotted, the
/// process stopped), no heartbeat is consumed either, and on waking a liveness check could run before the heartbeats
/// queued meanwhile (a CI run lost a completed run to "host b sent no heartbeat for 16 s" after a 16 s pause of the
/// whole machine, with every executor beating into RabbitMQ all along).
/// </summary>
public sealed class BusListening(TimeProvider clock) : IReceiveEndpointObserver
{
    private readonly Lock gate = new();
    private readonly HashSet<Uri> deaf = [];
    private DateTimeOffset? since;
    private bool wasDeaf;
    private long? ranAt;
    private DateTimeOffset ranAtWall;

    /// <summary>A gap this long between two <see cref="Running"/> calls (due every quarter second) is a stall of this process.</summary>
    public static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(2);

    /// <summary>After a stall, silence counts only this long after the process ran again: the heartbeats queued meanwhile are consumed first.</summary>
    public static readonly TimeSpan StallGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After an outage the executors reconnect on their own back-off (MassTransit's grows to 15-20 s), so silence counts
    /// only this long after the scheduler hears the bus again.
    /// </summary>
    public static readonly TimeSpan ReconnectGrace = TimeSpan.FromSeconds(30);

    /// <summary>
    /// From when a host's silence counts: when everything was last heard again (plus <see cref="ReconnectGrace"/> after an
    /// outage, plus <see cref="StallGrace"/> after a stall); null while the broker or a receive endpoint is not heard (or
    /// none was ever), and while this process has not run for <see cref="StallThreshold"/> (it has just woken and
    /// <see cref="SelfStallWatch"/> has not yet said so).
    /// </summary>
    public DateTimeOffset? ListeningSince
    {
        get { lock (gate) return deaf.Count == 0 && !Stalled() ? since : null; }
    }

    /// <summary>
    /// This process runs now (called every quarter second by <see cref="SelfStallWatch"/>, on a thread of its own). After a
    /// gap beyond <see cref="StallThreshold"/> on either clock (the monotonic one, or the wall clock that silence is measured
    /// on, which jumps when a paused machine is resumed) silence counts only from <see cref="StallGrace"/> on; returns that gap.
    /// </summary>
    public TimeSpan? Running()
    {
        lock (gate)
        {
            var now = clock.GetTimestamp();
            var wall = clock.GetUtcNow();
            TimeSpan? stall = null;
            if (ranAt is { } at && Gap(at, now, wall) is var gap && gap > StallThreshold)
            {
                stall = gap;
                if (since is { } from && from < wall + StallGrace)
                    since = wall + StallGrace;
            }
            ranAt = now;
            ranAtWall = wall;
            return stall;
        }
    }

    private bool Stalled() => ranAt is { } at && Gap(at, clock.GetTimestamp(), clock.GetUtcNow()) > StallThreshold;

    private TimeSpan Gap(long at, long now, DateTimeOffset wall)
    {
        var monotonic = clock.GetElapsedTime(at, now);
        var walled = wall - ranAtWall;
        return monotonic > walled ? monotonic : walled;
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
