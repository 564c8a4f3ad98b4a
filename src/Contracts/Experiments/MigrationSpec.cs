namespace MigrationAspire.Contracts;

/// <summary>How the guest is migrated, with the tuning QEMU offers.</summary>
[GenerateSerializer, Immutable]
public sealed record MigrationSpec
{
    [Id(0)] public MigrationMode Mode { get; init; } = MigrationMode.Precopy;

    /// <summary>Bandwidth cap in MiB/s; QEMU's own default (128 MiB/s) when absent.</summary>
    [Id(1)] public double? MaxBandwidthMiBps { get; init; }

    /// <summary>Largest downtime pre-copy may plan for; QEMU's own default (300 ms) when absent.</summary>
    [Id(2)] public int? DowntimeLimitMs { get; init; }

    /// <summary>Post-copy: how many pre-copy passes run before switching; 0 switches as the first pass begins (pure post-copy).</summary>
    [Id(3)] public int PostcopyAfterPasses { get; init; } = 1;

    /// <summary>Auto-converge when present.</summary>
    [Id(4)] public AutoConvergeSpec? AutoConverge { get; init; }

    /// <summary>Multifd with this many channels when present.</summary>
    [Id(5)] public int? MultifdChannels { get; init; }

    /// <summary>Multifd compression; needs multifd channels.</summary>
    [Id(6)] public MultifdCompression Compression { get; init; } = MultifdCompression.None;

    /// <summary>XBZRLE delta compression with a cache of this size when present.</summary>
    [Id(7)] public int? XbzrleCacheMiB { get; init; }

    /// <summary>Limit on pre-copy passes; <see cref="OnLimit"/> fires when the migration starts one more.</summary>
    [Id(8)] public int? MaxPasses { get; init; }

    /// <summary>Limit on the migration's wall time; <see cref="OnLimit"/> fires when it is passed.</summary>
    [Id(9)] public double MaxTimeSeconds { get; init; } = 120;

    [Id(10)] public LimitAction OnLimit { get; init; } = LimitAction.Cancel;

    /// <summary>Who changes the downtime limit or the mode while pre-copy runs; the limits above still apply.</summary>
    [Id(11)] public ConvergencePolicySpec Policy { get; init; } = new();
}
