namespace MigrationAspire.Contracts;

/// <summary>One guest heartbeat: its sequence number and the host time it arrived on a console.</summary>
[GenerateSerializer, Immutable]
public sealed record HeartbeatStamp
{
    [Id(0)] public required long Seq { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }
}
