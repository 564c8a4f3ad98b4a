namespace MigrationAspire.Contracts;

/// <summary>What the lab knows of one executor host.</summary>
[GenerateSerializer, Immutable]
public sealed record HostView
{
    [Id(0)] public required string Host { get; init; }
    [Id(1)] public required bool Alive { get; init; }
    [Id(2)] public required DateTimeOffset LastSeen { get; init; }
    [Id(3)] public required string InstanceId { get; init; }
    [Id(4)] public required string Accelerator { get; init; }
    [Id(5)] public required string AcceleratorReason { get; init; }
    [Id(6)] public required string QemuVersion { get; init; }
    [Id(7)] public required string MigrationAddress { get; init; }
    [Id(8)] public required int MemoryBudgetMiB { get; init; }
    [Id(9)] public required int MemoryUsedMiB { get; init; }
    [Id(10)] public required int MaxVms { get; init; }
    [Id(11)] public required IReadOnlyList<string> Vms { get; init; }
    [Id(12)] public string? DownReason { get; init; }
}
