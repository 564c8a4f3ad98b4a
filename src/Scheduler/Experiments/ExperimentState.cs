using System.Text.Json;
using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Experiments;

/// <summary>A VM of the experiment; runs with the same VM and workload reuse it, migrating it back and forth.</summary>
[GenerateSerializer]
public sealed class VmSlot
{
    [Id(0)] public required string VmId { get; set; }
    /// <summary>The guest's VM and workload as spec JSON, readable in the stored state.</summary>
    [Id(1)] public required string Shape { get; set; }
    [Id(2)] public string? BusyWith { get; set; }
    [Id(3)] public bool Released { get; set; }

    public static string ShapeOf(RunPlan plan) => JsonSerializer.Serialize(new GuestShape(plan.Vm, plan.Workload), SpecJson.Options);

    /// <summary>
    /// Whether this VM's guest can carry <paramref name="plan"/>. Compared as records, not as text: a shape stored
    /// before a spec field was added lacks that field, and still means its default.
    /// </summary>
    public bool Serves(RunPlan plan) => JsonSerializer.Deserialize<GuestShape>(Shape, SpecJson.Options) == new GuestShape(plan.Vm, plan.Workload);

    private sealed record GuestShape(VmSpec Vm, WorkloadSpec Workload);
}

[GenerateSerializer]
public sealed class ExperimentState
{
    [Id(0)] public ExperimentSpec? Spec { get; set; }
    [Id(1)] public ExperimentStatus Status { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset? StartedAt { get; set; }
    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(5)] public string? Reason { get; set; }
    /// <summary>Every run in the experiment's stable order; a run's index is its position.</summary>
    [Id(6)] public List<RunRecord> Runs { get; set; } = [];
    [Id(7)] public List<VmSlot> Vms { get; set; } = [];
    [Id(8)] public bool CancelRequested { get; set; }
    /// <summary>Run outcomes stored but not yet published to analytics (the broker may be away).</summary>
    [Id(10)] public List<RunFinished> Outbox { get; set; } = [];
    /// <summary>Running runs whose VM did not know them when asked, with how often they were sent again since.</summary>
    [Id(70)] public Dictionary<string, int> Redispatched { get; set; } = [];
    /// <summary>When the admission queue gave the experiment a slot; its runs start only after.</summary>
    [Id(11)] public DateTimeOffset? AdmittedAt { get; set; }
}
