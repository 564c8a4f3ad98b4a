namespace MigrationAspire.Contracts;

/// <summary>An executor host announces itself, its capacity and what it runs, every few seconds.</summary>
[GenerateSerializer, Immutable]
public sealed record HostHeartbeat
{
    [Id(0)] public required HostReport Report { get; init; }
    [Id(1)] public required DateTimeOffset SentAt { get; init; }
    /// <summary>How often the host sends one: its silence is judged against it.</summary>
    [Id(2)] public required TimeSpan Interval { get; init; }
}
