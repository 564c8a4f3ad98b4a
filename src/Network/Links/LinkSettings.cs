namespace MigrationAspire.Network.Links;

/// <summary>
/// How one host's link behaves, in both directions. <see cref="Latency"/> is one way across this link, so a
/// round trip over it takes twice as long (the path between two hosts crosses both hosts' links: shape one
/// of them, or split the delay). <see cref="Jitter"/> varies each direction's delay within latency ± jitter
/// (never below 0).
/// </summary>
public sealed record LinkSettings
{
    public const double MaxBandwidthMbit = 100_000;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>The plain link: no shaping, no delay, no outage.</summary>
    public static LinkSettings Unshaped { get; } = new();

    /// <summary>The rate the kernel shapes each direction to (tbf); null leaves the link unshaped.</summary>
    public double? BandwidthMbit { get; init; }
    public TimeSpan Latency { get; init; }
    public TimeSpan Jitter { get; init; }
    public LinkOutage? Outage { get; init; }

    public bool Delays => Latency > TimeSpan.Zero || Jitter > TimeSpan.Zero;

    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public LinkSettings Validated()
    {
        if (BandwidthMbit is { } rate && !(rate > 0 && rate <= MaxBandwidthMbit))
            throw new ArgumentException($"BandwidthMbit must be above 0 and at most {MaxBandwidthMbit:0} (got {rate}).", nameof(BandwidthMbit));
        Check(Latency, nameof(Latency));
        Check(Jitter, nameof(Jitter));
        if (Outage is { } outage)
        {
            if (outage.At < TimeSpan.Zero)
                throw new ArgumentException($"Outage.At must not be negative (got {outage.At}).", nameof(Outage));
            if (outage.Duration <= TimeSpan.Zero)
                throw new ArgumentException($"Outage.Duration must be positive (got {outage.Duration}).", nameof(Outage));
        }
        return this;
    }

    private static void Check(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero || value > MaxDelay)
            throw new ArgumentException($"{name} must be within 0-{MaxDelay.TotalMilliseconds:0} ms (got {value.TotalMilliseconds} ms).", name);
    }
}

/// <summary>The link drops everything, both ways, from <see cref="At"/> after the settings are applied, for <see cref="Duration"/>.</summary>
public sealed record LinkOutage(TimeSpan At, TimeSpan Duration);

/// <summary>What <see cref="HostLink.ApplyAsync"/> put in place. <see cref="DelayedBy"/> is null when nothing delays packets.</summary>
public sealed record AppliedLink(
    LinkSettings Settings,
    LinkMechanism? DelayedBy,
    bool ThroughDelayLine,
    DateTimeOffset? OutageStartsAt,
    DateTimeOffset? OutageEndsAt);
