using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Qemu;

namespace MigrationAspire.Executor.Migration;

/// <summary>
/// A full verify of a guest that has been watched since it arrived, and the verdict on it: what
/// <see cref="GuestConfirmer"/> does on the destination once the watch is over, here on any console.
/// </summary>
/// <param name="Heartbeats">The console's heartbeats from a second before the guest resumed until the verify was sent.</param>
public sealed record GuestInspection(GuestEvidence Evidence, IReadOnlyList<TimedHeartbeat> Heartbeats, IReadOnlyList<string> Problems)
{
    private static readonly TimeSpan VerifyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(10);

    public bool Healthy => Problems.Count == 0;

    /// <summary>Bad pages the guest has found in all, its verify's included.</summary>
    public long IntegrityErrors => Math.Max(Evidence.ErrorTotal, Evidence.Verify.Errors);

    /// <summary>
    /// Where a watch's cadence is judged from: its second half. Under TCG a destination starts with an empty translation
    /// cache, and on a loaded host the guest was seen to beat at 0–50 % for its first 300–500 ms after the resume, then
    /// at its full rate: that start belongs to the migration's cost (the guest-observed downtime shows it), the second
    /// half to the guest's health.
    /// </summary>
    public static DateTimeOffset SteadyFrom(DateTimeOffset watchFrom, TimeSpan watch) => watchFrom + watch / 2;

    /// <summary>
    /// Sends <c>verify</c> now and judges the answer, the error total after it and the cadence since <paramref name="steadyFrom"/>,
    /// excusing the time the guest's QEMU waited for a host CPU since <paramref name="hostWait"/> was taken, if given.
    /// </summary>
    public static async Task<GuestInspection> RunAsync(GuestConsole console, DateTimeOffset resumedAt, DateTimeOffset steadyFrom,
        long expectedPages, CancellationToken cancellationToken, RunQueueWait? hostWait = null)
    {
        var verifySentAt = DateTimeOffset.UtcNow;
        var waitShare = hostWait?.ShareSince(verifySentAt) ?? 0;
        var verify = await console.VerifyAsync(VerifyTimeout, cancellationToken);
        var total = await console.HeartbeatAfterAsync(verify.Seq, HeartbeatTimeout, cancellationToken);
        var beats = console.HeartbeatsBetween(resumedAt - TimeSpan.FromSeconds(1), verifySentAt);
        var evidence = new GuestEvidence(expectedPages, verify, total.Errors,
            HeartbeatCadence.Of(beats, steadyFrom, verifySentAt, verify.StartSeq, QemuLaunch.HeartbeatMs, waitShare));
        return new GuestInspection(evidence, beats, GuestVerdict.Problems(evidence, console.IntegrityErrors));
    }
}
