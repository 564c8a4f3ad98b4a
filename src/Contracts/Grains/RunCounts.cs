namespace MigrationAspire.Contracts;

[GenerateSerializer, Immutable]
public sealed record RunCounts
{
    [Id(0)] public int Pending { get; init; }
    [Id(1)] public int Running { get; init; }
    [Id(2)] public int Completed { get; init; }
    [Id(3)] public int Failed { get; init; }
    [Id(4)] public int Cancelled { get; init; }

    public int Total => Pending + Running + Completed + Failed + Cancelled;
}
