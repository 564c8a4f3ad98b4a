using System.Text.Json.Serialization;

namespace MigrationAspire.Contracts;

/// <summary>An experiment: one VM, workload, migration and network, repeated and swept over parameter values.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentSpec
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public VmSpec Vm { get; init; } = new();
    [Id(2)] public WorkloadSpec Workload { get; init; } = new();
    [Id(3)] public MigrationSpec Migration { get; init; } = new();
    [Id(4)] public int Repetitions { get; init; } = 1;

    [Id(5)]
    [JsonConverter(typeof(SweepJsonConverter))]
    public IReadOnlyList<SweepAxis> Sweep { get; init; } = [];

    /// <summary>Boot a new VM for every run instead of migrating one VM back and forth.</summary>
    [Id(6)] public bool FreshVmPerRun { get; init; }

    /// <summary>Runs of this experiment that may be in flight at once.</summary>
    [Id(7)] public int MaxConcurrentRuns { get; init; } = 1;

    /// <summary>
    /// How long the experiment may wait in the lab's admission queue before it fails, in seconds; absent, it waits
    /// as long as it takes.
    /// </summary>
    [Id(8)] public double? QueueTimeoutSeconds { get; init; }

    /// <summary>The link between source and destination for every run.</summary>
    [Id(40)] public NetworkSpec Network { get; init; } = new();
}
