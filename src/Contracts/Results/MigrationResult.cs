namespace MigrationAspire.Contracts;

/// <summary>Everything one migration measured. Every field is defined in docs/architecture.md, "What a run measures".</summary>
[GenerateSerializer, Immutable]
public sealed record MigrationResult
{
    [Id(0)] public required MigrationMode Mode { get; init; }

    // From QEMU's query-migrate on the source.
    [Id(1)] public required double TotalTimeMs { get; init; }
    /// <summary>
    /// QEMU's own downtime figure, in every mode; null when QEMU gave none (a failed or cancelled migration). When the
    /// lab paused the guest itself, QEMU leaves the pause out: that is <see cref="HostPauseMs"/>.
    /// </summary>
    [Id(2)] public required double? DowntimeMs { get; init; }
    // Id(3) was QemuDowntimeMs, now DowntimeMs (FormerNames reads stored results).
    [Id(4)] public required double? SetupTimeMs { get; init; }
    /// <summary>QEMU's last downtime estimate, published only while pre-copy was active; null when none was seen.</summary>
    [Id(5)] public required double? ExpectedDowntimeMs { get; init; }
    /// <summary>How many pre-copy passes the migration took; null when QEMU reported none.</summary>
    [Id(6)] public required long? Passes { get; init; }
    [Id(7)] public required long? TransferredBytes { get; init; }
    [Id(8)] public required long? NormalBytes { get; init; }
    [Id(9)] public required long? ZeroPages { get; init; }
    [Id(10)] public required double? ThroughputMbps { get; init; }
    /// <summary>The median dirty-page rate QEMU published during the migration, pages/s; null when it published none.</summary>
    [Id(11)] public required long? DirtyPagesRate { get; init; }
    [Id(12)] public required long? PostcopyRequests { get; init; }
    /// <summary>The highest auto-converge throttle seen.</summary>
    [Id(13)] public required int CpuThrottlePercent { get; init; }

    // Derived by the lab.
    /// <summary>From <c>migrate</c> until the source stopped the guest; 0 for stop-and-copy.</summary>
    [Id(14)] public required double PrecopyTimeMs { get; init; }
    /// <summary>Host-clock time from the source's STOP event to the destination's RESUME event; null when either was not seen.</summary>
    [Id(15)] public required double? SwitchoverMs { get; init; }
    /// <summary>The largest gap between consecutive guest heartbeats, timestamped on the host.</summary>
    [Id(16)] public required double GuestObservedDowntimeMs { get; init; }
    /// <summary>
    /// The pre-migration <c>calc-dirty-rate</c> probe (page-sampling), pages/s: the true rate is at least this and less
    /// than this + <see cref="MeasuredDirtyRateResolution"/>. Null when the probe could not run, and when it read below
    /// its resolution (then <see cref="MeasuredDirtyRateResolution"/> is set: fewer than that many pages/s).
    /// </summary>
    [Id(17)] public double? MeasuredDirtyRate { get; init; }
    [Id(18)] public required int TargetDirtyRate { get; init; }
    [Id(19)] public required bool GuestHealthy { get; init; }
    /// <summary>The destination's figures (<see cref="IntegrityErrors"/> to <see cref="DestinationCpuSeconds"/>) are null when it never confirmed the guest.</summary>
    [Id(20)] public required long? IntegrityErrors { get; init; }
    /// <summary>Pages the destination guest verified after switch-over.</summary>
    [Id(21)] public required long? PagesVerified { get; init; }
    [Id(22)] public required double SourceCpuSeconds { get; init; }
    [Id(23)] public required double? DestinationCpuSeconds { get; init; }
    /// <summary>One record per pass, as the source sampled them.</summary>
    [Id(24)] public required IReadOnlyList<PassRecord> PassHistory { get; init; }

    /// <summary>Set when a pass or time limit fired, e.g. <c>max-time 30 s: pause</c>.</summary>
    [Id(25)] public string? LimitReached { get; init; }

    [Id(26)] public required DateTimeOffset StartedAt { get; init; }
    [Id(27)] public required DateTimeOffset FinishedAt { get; init; }
    [Id(28)] public required string SourceHost { get; init; }
    [Id(29)] public required string DestinationHost { get; init; }
    [Id(30)] public required string Accelerator { get; init; }
    [Id(31)] public required string QemuVersion { get; init; }
    [Id(32)] public required int SampleCount { get; init; }

    /// <summary>What else the lab noticed, e.g. that a post-copy run converged before it could switch.</summary>
    [Id(33)] public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The probe's resolution, pages/s: QEMU reads whole MiB/s (256 pages/s); null when the probe could not run.</summary>
    [Id(34)] public double? MeasuredDirtyRateResolution { get; init; }

    // The link (docs/network.md); each null when the lab did not measure it, never 0.
    /// <summary>Which network carried the run: the lab's namespaces or loopback.</summary>
    [Id(40)] public NetworkKind? Network { get; init; }
    /// <summary>Bytes that left the source over its veth from <c>migrate</c> to the end (Ethernet frames, headers included).</summary>
    [Id(41)] public long? LinkBytes { get; init; }
    /// <summary><see cref="LinkBytes"/> over that interval, Mbit/s: what the link achieved.</summary>
    [Id(42)] public double? LinkThroughputMbps { get; init; }
    /// <summary>Median TCP round trip between the two hosts' namespaces just before <c>migrate</c>, shaped as the run's link.</summary>
    [Id(43)] public double? RttMs { get; init; }
    /// <summary>QEMU's <c>downtime-bytes</c>: what it sent while the guest was stopped at switch-over.</summary>
    [Id(44)] public long? DowntimeBytes { get; init; }
    /// <summary>The link's configured rate, <c>network.bandwidthMbit</c>; null when unshaped.</summary>
    [Id(45)] public double? LinkBandwidthMbit { get; init; }

    /// <summary>
    /// QEMU's <c>postcopy-blocktime</c> on the destination, ms: how long all vCPUs together were stalled on pages
    /// still on the source. Null unless the run went to post-copy on a QEMU with the <c>postcopy-blocktime</c> capability.
    /// </summary>
    [Id(46)] public long? PostcopyBlocktimeMs { get; init; }

    /// <summary>QEMU's <c>postcopy-vcpu-blocktime</c>: each vCPU's stall on missing pages, ms; null as for <see cref="PostcopyBlocktimeMs"/>.</summary>
    [Id(47)] public IReadOnlyList<long>? PostcopyVcpuBlocktimeMs { get; init; }

    /// <summary>How often a paused post-copy (link down) was recovered; null when the run never entered post-copy.</summary>
    [Id(48)] public int? Recoveries { get; init; }

    /// <summary>Time from <c>postcopy-paused</c> until post-copy ran again, summed over the recoveries, ms; null when there was none.</summary>
    [Id(49)] public double? RecoveryTimeMs { get; init; }

    /// <summary>The live forecasts made during pre-copy (at every pass boundary, and at most every 250 ms between), oldest first.</summary>
    [Id(50)] public IReadOnlyList<ConvergencePrediction> Predictions { get; init; } = [];

    /// <summary>
    /// When the lab paused the guest itself (stop-and-copy, or <c>onLimit: pause</c>): host-clock time from the lab's
    /// stop on the source to the guest's RESUME on the destination. Null when the lab did not pause it, or the guest
    /// never resumed there. Not comparable with <see cref="DowntimeMs"/>, which QEMU measures over its own final phase.
    /// </summary>
    [Id(60)] public double? HostPauseMs { get; init; }
}
