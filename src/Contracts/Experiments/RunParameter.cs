namespace MigrationAspire.Contracts;

/// <summary>The value one swept path takes in a run, as a raw JSON literal.</summary>
[GenerateSerializer, Immutable]
public sealed record RunParameter
{
    [Id(0)] public required string Path { get; init; }
    [Id(1)] public required string Value { get; init; }
}
