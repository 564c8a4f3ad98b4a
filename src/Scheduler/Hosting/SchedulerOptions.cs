using System.ComponentModel.DataAnnotations;

namespace MigrationAspire.Scheduler.Hosting;

/// <summary>Deadlines and limits of the scheduler. Every step of a run has a deadline; expiry fails the run, naming the step.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>A host is down when it sent no heartbeat for this long (and for at least three of its intervals).</summary>
    [Range(1, 600)]
    public double HostDownAfterSeconds { get; set; } = 8;

    [Range(5, 3600)]
    public double BootTimeoutSeconds { get; set; } = 180;

    [Range(5, 3600)]
    public double PrepareTimeoutSeconds { get; set; } = 90;

    /// <summary>Added to a migration's own time limit: the limit's action, the final copy and the destination's check.</summary>
    [Range(5, 3600)]
    public double MigrationGraceSeconds { get; set; } = 300;

    /// <summary>How long a run may wait for a free host pair before it fails.</summary>
    [Range(5, 86_400)]
    public double PlacementTimeoutSeconds { get; set; } = 600;

    [Range(0.1, 60)]
    public double PlacementRetrySeconds { get; set; } = 2;

    /// <summary>Concurrent migrations between any two hosts: more would make them compete for the same link.</summary>
    [Range(1, 64)]
    public int MaxMigrationsPerHostPair { get; set; } = 1;

    [Range(1, 100_000)]
    public int MaxRunsPerExperiment { get; set; } = 500;

    /// <summary>After a restart, how long to let executor heartbeats arrive before in-flight runs are reconciled.</summary>
    [Range(0, 120)]
    public double ReconcileDelaySeconds { get; set; } = 5;
}
