using System.Text.Json.Serialization;

namespace MigrationAspire.Executor.Qmp;

/// <summary>
/// The reply of <c>query-migrate</c>. Every member is optional in QEMU's schema: before any migration
/// the reply is <c>{}</c> (<see cref="Status"/> null); <see cref="Ram"/> appears once pages move;
/// <see cref="ExpectedDowntime"/> only while active; <see cref="ErrorDesc"/> only when failed;
/// <see cref="SocketAddress"/> only on a destination listening for an incoming migration.
/// Times are milliseconds. <see cref="PostcopyBlocktime"/> and <see cref="PostcopyVcpuBlocktime"/> appear only on a
/// destination that completed a post-copy with the <c>postcopy-blocktime</c> capability.
/// </summary>
public sealed record MigrationInfo(
    string? Status,
    long? TotalTime,
    long? Downtime,
    long? SetupTime,
    long? ExpectedDowntime,
    MigrationRamStats? Ram,
    int? CpuThrottlePercentage,
    XbzrleCacheStats? XbzrleCache,
    string? ErrorDesc,
    IReadOnlyList<QmpSocketAddress>? SocketAddress,
    IReadOnlyList<string>? BlockedReasons,
    long? PostcopyBlocktime,
    IReadOnlyList<long>? PostcopyVcpuBlocktime = null);

/// <summary>
/// RAM transfer counters. Byte counts are bytes; <see cref="Normal"/> and <see cref="Duplicate"/> are
/// pages (duplicate = zero pages sent as a marker); <see cref="DirtyPagesRate"/> is pages per second;
/// <see cref="Mbps"/> is megabits per second.
/// </summary>
public sealed record MigrationRamStats(
    long Transferred,
    long Remaining,
    long Total,
    long Duplicate,
    long Normal,
    long NormalBytes,
    long DirtyPagesRate,
    double Mbps,
    // QEMU counts the passes of pre-copy as dirty-bitmap syncs, dirty-sync-count (its MIGRATION_PASS event
    // carries the same number). The lab calls one a pass, everywhere from here on: spec, result, samples, docs.
    [property: JsonPropertyName("dirty-sync-count")] long Pass,
    long PostcopyRequests,
    long PageSize,
    long MultifdBytes,
    long PagesPerSecond,
    long PrecopyBytes,
    long DowntimeBytes,
    long PostcopyBytes,
    long DirtySyncMissedZeroCopy);

public sealed record XbzrleCacheStats(
    long CacheSize,
    long Bytes,
    long Pages,
    long CacheMiss,
    double CacheMissRate,
    double EncodingRate,
    long Overflow);

/// <summary>A QAPI SocketAddress; <see cref="Type"/> is <c>inet</c> (host, port) or <c>unix</c> (path).</summary>
public sealed record QmpSocketAddress(string Type, string? Host, string? Port, string? Path);
