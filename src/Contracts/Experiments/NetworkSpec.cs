
namespace MigrationAspire.Contracts;

/// <summary>
/// The link a run migrates over: the kernel shapes it (tbf) and the lab's delay line delays it, on the source
/// host's link, both directions (docs/network.md). Not QEMU's own cap, <see cref="MigrationSpec.MaxBandwidthMiBps"/>,
/// which QEMU lifts for the final copy. All absent: the plain link between the hosts' namespaces.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NetworkSpec
{
    /// <summary>The link's rate each way, Mbit/s; unshaped when absent.</summary>
    [Id(0)] public double? BandwidthMbit { get; init; }

    /// <summary>Delay each way, so a round trip takes twice as long.</summary>
    [Id(1)] public double LatencyMs { get; init; }

    /// <summary>Each direction's delay varies within latency ± jitter (never reordering).</summary>
    [Id(2)] public double JitterMs { get; init; }

    /// <summary>The link goes down during the migration when present.</summary>
    [Id(3)] public OutageSpec? Outage { get; init; }

    /// <summary>Whether the run needs the lab's own links (loopback can do none of this).</summary>
    public bool ShapesLink() => BandwidthMbit is not null || LatencyMs > 0 || JitterMs > 0 || Outage is not null;
}

/// <summary>The link drops every frame both ways from <see cref="AtSeconds"/> after <c>migrate</c>, for <see cref="DurationMs"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record OutageSpec
{
    [Id(0)] public double AtSeconds { get; init; }
    [Id(1)] public int DurationMs { get; init; }
}
