namespace MigrationAspire.Executor.Guest;

/// <summary>What the guest saw of a migration: the longest silence between consecutive heartbeats.</summary>
public static class HeartbeatGaps
{
    /// <summary>The largest gap, in ms, between consecutive heartbeats (by arrival time); 0 with fewer than two.</summary>
    public static double MaxGapMs(IReadOnlyList<TimedHeartbeat> beats)
    {
        double max = 0;
        for (var i = 1; i < beats.Count; i++)
            max = Math.Max(max, (beats[i].At - beats[i - 1].At).TotalMilliseconds);
        return max;
    }

    /// <summary>
    /// The guest-observed downtime of a migration: the largest gap across the source's heartbeats during the
    /// migration, the seam from the source's last heartbeat to the destination's first, and the destination's
    /// own heartbeats after it resumed (post-copy stalls on page faults show there).
    /// </summary>
    public static double GuestObservedDowntimeMs(
        IReadOnlyList<TimedHeartbeat> sourceDuringMigration, DateTimeOffset? destinationFirstAt, double destinationMaxGapMs)
    {
        var max = Math.Max(MaxGapMs(sourceDuringMigration), destinationMaxGapMs);
        if (sourceDuringMigration.Count > 0 && destinationFirstAt is { } first)
            max = Math.Max(max, (first - sourceDuringMigration[^1].At).TotalMilliseconds);
        return max;
    }
}
