using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Vms;

/// <summary>Where a VM's guest is: its lifecycle state, the host it runs on, the one it is moving to, and where it came from.</summary>
/// <param name="Origin">The host the guest last came from by migration: repetitions migrate it back there (ping-pong).</param>
[GenerateSerializer, Immutable]
public sealed record VmPlace(
    [property: Id(0)] VmLifecycle State,
    [property: Id(1)] string? Host = null,
    [property: Id(2)] string? Destination = null,
    [property: Id(3)] string? Origin = null)
{
    public static readonly VmPlace Absent = new(VmLifecycle.Absent);

    /// <summary>The hosts this VM depends on now: they tell it when they go down.</summary>
    public IEnumerable<string> Hosts => new[] { Host, Destination }.OfType<string>();
}

/// <summary>The run a VM is carrying out; where it is in the protocol follows from the VM's <see cref="VmPlace"/>.</summary>
[GenerateSerializer]
public sealed class CurrentRun
{
    [Id(0)] public required RunPlan Plan { get; set; }
    [Id(1)] public DateTimeOffset Deadline { get; set; }
    [Id(2)] public string? MigrationUri { get; set; }
    [Id(3)] public string? CancelReason { get; set; }
    /// <summary>Since when placement has found no live host with room for this run's step (null once it found one).</summary>
    [Id(4)] public DateTimeOffset? WaitingForHostSince { get; set; }
}

[GenerateSerializer]
public sealed class VmGrainState
{
    [Id(0)] public string ExperimentId { get; set; } = "";
    /// <summary>The guest's shape; runs that need another one get a new guest.</summary>
    [Id(1)] public VmSpec? Spec { get; set; }
    [Id(2)] public WorkloadSpec? Workload { get; set; }
    [Id(3)] public VmPlace Place { get; set; } = VmPlace.Absent;
    [Id(4)] public CurrentRun? Current { get; set; }
    [Id(5)] public List<VmHistoryEntry> History { get; set; } = [];
    /// <summary>Runs this VM already finished: a duplicated Run command for one of them changes nothing.</summary>
    [Id(6)] public HashSet<string> FinishedRuns { get; set; } = [];
    /// <summary>How the most recent runs ended, to tell the experiment again if it did not hear.</summary>
    [Id(7)] public Dictionary<string, RunRecord> RecentOutcomes { get; set; } = [];
}
