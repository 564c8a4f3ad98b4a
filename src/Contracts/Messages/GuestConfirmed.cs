namespace MigrationAspire.Contracts;

/// <summary>The destination's account of the guest after switch-over.</summary>
[GenerateSerializer, Immutable]
public sealed record GuestConfirmed
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string VmId { get; init; }
    [Id(2)] public required string Host { get; init; }
    [Id(3)] public required bool Healthy { get; init; }
    /// <summary>Why the guest is not healthy; null when it is.</summary>
    [Id(4)] public string? Reason { get; init; }
    /// <summary>Host time of the destination's RESUME event.</summary>
    [Id(5)] public DateTimeOffset? ResumedAt { get; init; }
    [Id(6)] public required int HeartbeatCount { get; init; }
    /// <summary>The heartbeats the destination saw from just before the guest resumed until it verified memory.</summary>
    [Id(7)] public required IReadOnlyList<HeartbeatStamp> Heartbeats { get; init; }
    [Id(8)] public required long IntegrityErrors { get; init; }
    [Id(9)] public required long PagesVerified { get; init; }
    [Id(10)] public required double CpuSeconds { get; init; }

    /// <summary>QEMU's post-copy blocktime figures on this destination (see <see cref="MigrationResult.PostcopyBlocktimeMs"/>); null when not measured.</summary>
    [Id(46)] public long? PostcopyBlocktimeMs { get; init; }
    [Id(47)] public IReadOnlyList<long>? PostcopyVcpuBlocktimeMs { get; init; }
}
