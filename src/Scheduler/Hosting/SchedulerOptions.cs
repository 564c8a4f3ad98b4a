using System.ComponentModel.DataAnnotations;

namespace MigrationAspire.Scheduler.Hosting;

/// <summary>Deadlines and limits of the scheduler. Every step of a run has a deadline; expiry fails the run, naming the step.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>A host is down when it sent no heartbeat for this long (and for at least three of its intervals).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HostDownAfter { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The boot step's deadline; longer than the executor's own wait for the workload (Executor:BootTimeout).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan BootTimeout { get; set; } = TimeSpan.FromSeconds(180);

    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan PrepareTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Added to a migration's own time limit: the limit's action, the final copy and the destination's check.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan MigrationGrace { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>How long a run may wait for a free host pair before it fails.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan PlacementTimeout { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>
    /// How long a run waits for a live host with room (a host that went down may come back, a full one may free up)
    /// before it fails for want of one, naming every host's state.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan HostWaitTimeout { get; set; } = TimeSpan.FromSeconds(120);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PlacementRetry { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Concurrent migrations between any two hosts: more would make them compete for the same link.</summary>
    /// <summary>
    /// How long a command to an executor may wait for RabbitMQ to take it. While the broker is down MassTransit holds
    /// a send until it reconnects; a VM grain awaiting it would hold every call and reminder behind it (Orleans gives
    /// up on them at 30 s). Past this the send fails, the grain reloads its stored state, and the step's deadline
    /// decides the run.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan BusSendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 64)]
    public int MaxMigrationsPerHostPair { get; set; } = 1;

    /// <summary>
    /// Experiments admitted at once, lab-wide; the others wait in the admission queue in submission order. One by
    /// default: an experiment measured beside another on this lab's cores measures both. Within it, an admitted
    /// experiment's runs still share host pairs by <see cref="MaxMigrationsPerHostPair"/>.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentExperiments { get; set; } = 1;

    /// <summary>After a restart, how long to let executor heartbeats arrive before in-flight runs are reconciled.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:02:00")]
    public TimeSpan ReconcileDelay { get; set; } = TimeSpan.FromSeconds(5);
}
