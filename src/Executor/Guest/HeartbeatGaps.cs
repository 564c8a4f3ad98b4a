namespace MigrationAspire.Executor.Guest;

/// <summary>
/// What the guest saw of a migration: the longest time it printed no heartbeat, from the host's arrival
/// times. Lines sometimes reach the host late, several at once (QEMU's console output or the reader was
/// held up while the guest ran on); taken raw, such a burst would read as guest downtime it never had.
/// A line cannot have left the guest after it arrived, nor later than one heartbeat period before the next
/// line left: a running guest prints every period, and after a real pause it prints one late line and
/// re-anchors its schedule (guest/PROTOCOL.md) — never a burst. Emission times are estimated from both.
/// </summary>
public static class HeartbeatGaps
{
    public const double DefaultPeriodMs = 10;

    /// <summary>Estimated emission times of <paramref name="beats"/>, which must be in sequence order.</summary>
    public static IReadOnlyList<DateTimeOffset> EmissionTimes(IReadOnlyList<TimedHeartbeat> beats, double periodMs = DefaultPeriodMs)
    {
        var emitted = new DateTimeOffset[beats.Count];
        for (var i = beats.Count - 1; i >= 0; i--)
        {
            emitted[i] = beats[i].At;
            if (i + 1 == beats.Count)
                continue;
            var steps = Math.Max(1, beats[i + 1].Seq - beats[i].Seq);
            var latest = emitted[i + 1].AddMilliseconds(-periodMs * steps);
            if (latest < emitted[i])
                emitted[i] = latest;
        }
        return emitted;
    }

    /// <summary>The largest gap, in ms, between consecutive heartbeats' estimated emission times; 0 with fewer than two.</summary>
    public static double MaxGapMs(IReadOnlyList<TimedHeartbeat> beats, double periodMs = DefaultPeriodMs)
    {
        var emitted = EmissionTimes(beats, periodMs);
        double max = 0;
        for (var i = 1; i < emitted.Count; i++)
            max = Math.Max(max, (emitted[i] - emitted[i - 1]).TotalMilliseconds);
        return max;
    }

    /// <summary>
    /// The guest-observed downtime of a migration: the largest gap over the source's heartbeats during the
    /// migration and the destination's after it resumed, merged into one sequence (post-copy stalls on page
    /// faults show on the destination's side).
    /// </summary>
    public static double GuestObservedDowntimeMs(IReadOnlyList<TimedHeartbeat> source, IReadOnlyList<TimedHeartbeat> destination) =>
        MaxGapMs(Merge(source, destination));

    /// <summary>One sequence ordered by seq; a heartbeat seen on both consoles counts once, as it first arrived.</summary>
    public static IReadOnlyList<TimedHeartbeat> Merge(IReadOnlyList<TimedHeartbeat> source, IReadOnlyList<TimedHeartbeat> destination) =>
        source.Concat(destination)
            .GroupBy(b => b.Seq)
            .Select(g => g.MinBy(b => b.At))
            .OrderBy(b => b.Seq)
            .ToList();
}
