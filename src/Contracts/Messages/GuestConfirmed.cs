namespace MigrationAspire.Contracts;

/// <summary>The destination's account of the guest after switch-over.</summary>
public sealed record GuestConfirmed
{
    public required string RunId { get; init; }
    public required string VmId { get; init; }
    public required string Host { get; init; }
    public required bool Healthy { get; init; }
    /// <summary>Why the guest is not healthy; null when it is.</summary>
    public string? Reason { get; init; }
    /// <summary>Host time of the destination's RESUME event.</summary>
    public DateTimeOffset? ResumedAt { get; init; }
    public long? FirstHeartbeatSeq { get; init; }
    public DateTimeOffset? FirstHeartbeatAt { get; init; }
    public required int HeartbeatCount { get; init; }
    /// <summary>The largest gap between the destination's own consecutive heartbeats.</summary>
    public required double MaxGapMs { get; init; }
    public required long IntegrityErrors { get; init; }
    public required long PagesVerified { get; init; }
    public required double CpuSeconds { get; init; }
}
