namespace MigrationAspire.Contracts;

/// <summary>One swept parameter: a dotted path into the spec and the values it takes.</summary>
/// <remarks>Values are kept as raw JSON literals (<c>512</c>, <c>"precopy"</c>) so they keep their JSON type.</remarks>
[GenerateSerializer, Immutable]
public sealed record SweepAxis
{
    [Id(0)] public required string Path { get; init; }
    [Id(1)] public required IReadOnlyList<string> Values { get; init; }
}
