namespace MigrationAspire.Executor.Qmp;

/// <summary>
/// Arguments of <c>migrate-set-parameters</c> and reply of <c>query-migrate-parameters</c>.
/// Null members are omitted when sent, so QEMU leaves those parameters unchanged.
/// </summary>
public sealed record MigrationParameters
{
    /// <summary>Pre-copy bandwidth limit in bytes per second (QEMU's default is 128 MiB/s).</summary>
    public long? MaxBandwidth { get; init; }

    /// <summary>Target downtime of the final stop-and-copy phase, in milliseconds (default 300).</summary>
    public long? DowntimeLimit { get; init; }

    /// <summary>Post-copy bandwidth limit in bytes per second; 0 means unlimited.</summary>
    public long? MaxPostcopyBandwidth { get; init; }

    /// <summary>Bandwidth (bytes/s) QEMU may assume for the switchover estimate; 0 means measure it.</summary>
    public long? AvailSwitchoverBandwidth { get; init; }

    public int? MultifdChannels { get; init; }

    /// <summary><c>none</c>, <c>zlib</c> or <c>zstd</c> (the ones this QEMU build knows).</summary>
    public string? MultifdCompression { get; init; }

    /// <summary>XBZRLE cache size in bytes.</summary>
    public long? XbzrleCacheSize { get; init; }

    /// <summary>Auto-converge: first throttle, in percent of vCPU time.</summary>
    public int? CpuThrottleInitial { get; init; }

    /// <summary>Auto-converge: throttle added per pass that does not converge, in percent.</summary>
    public int? CpuThrottleIncrement { get; init; }

    public bool? CpuThrottleTailslow { get; init; }

    public int? MaxCpuThrottle { get; init; }

    /// <summary>Percent of dirtied-to-sent bytes in a pass above which auto-converge throttles.</summary>
    public int? ThrottleTriggerThreshold { get; init; }

    /// <summary>Self-announcement after switchover (milliseconds, count).</summary>
    public long? AnnounceInitial { get; init; }

    public long? AnnounceMax { get; init; }

    public long? AnnounceRounds { get; init; }

    public long? AnnounceStep { get; init; }

    /// <summary>Dirty-limit capability: per-vCPU limit in MB/s.</summary>
    public long? VcpuDirtyLimit { get; init; }
}
