namespace MigrationAspire.Executor.Migration;

/// <summary>
/// A dirty-rate reading of a guest taken on its new host while that host checked it after a migration (issue 17).
/// The VM's next run starts from this host and would probe the same guest, under the same workload, a moment later:
/// it takes this reading instead, once, and only while it is fresh. The guest's writer is paced and re-anchors after
/// a pause rather than catching up (guest/workload.c), so the first second after the switch-over reads its steady rate.
/// </summary>
public sealed record CheckReading(DirtyRateReading Reading, string CheckedRun, DateTimeOffset EndedAt)
{
    /// <summary>Older than this, a reading is not taken for a run: that run probes the guest itself.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(5);

    /// <summary>How long ago the reading's window ended; null when it is too old to stand for the run's own probe.</summary>
    public TimeSpan? FreshAt(DateTimeOffset now) => now - EndedAt is var age && age <= KeptFor ? (age < TimeSpan.Zero ? TimeSpan.Zero : age) : null;

    /// <summary>What the run's result says about where its reading came from.</summary>
    public string Note(string host, TimeSpan age) =>
        $"the dirty rate was read on host {host} while it checked the guest after run {CheckedRun}, {age.TotalMilliseconds:0} ms before this run's probe was due";
}
