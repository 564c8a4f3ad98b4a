using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Experiments;

namespace MigrationAspire.Scheduler.Vms;

/// <summary>The run a VM is carrying out, and where it is in the protocol.</summary>
[GenerateSerializer]
public sealed class CurrentRun
{
    [Id(0)] public required RunPlan Plan { get; set; }
    [Id(1)] public RunStep Step { get; set; } = RunStep.Waiting;
    [Id(2)] public DateTimeOffset Deadline { get; set; }
    [Id(3)] public string? MigrationUri { get; set; }
    [Id(4)] public string? CancelReason { get; set; }
}

[GenerateSerializer]
public sealed class VmGrainState
{
    [Id(0)] public string ExperimentId { get; set; } = "";
    [Id(1)] public VmSpec? Vm { get; set; }
    [Id(2)] public WorkloadSpec? Workload { get; set; }
    [Id(3)] public VmLifecycle Lifecycle { get; set; } = VmLifecycle.Absent;
    [Id(4)] public string? Host { get; set; }
    [Id(5)] public string? DestinationHost { get; set; }
    [Id(6)] public CurrentRun? Current { get; set; }
    [Id(7)] public List<VmHistoryEntry> History { get; set; } = [];
    /// <summary>Runs this VM already finished: a duplicated Run command for one of them changes nothing.</summary>
    [Id(8)] public HashSet<string> FinishedRuns { get; set; } = [];
    /// <summary>How the most recent runs ended, to tell the experiment again if it did not hear.</summary>
    [Id(9)] public Dictionary<string, RunOutcome> RecentOutcomes { get; set; } = [];
}
