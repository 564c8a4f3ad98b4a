using System.Globalization;
using MigrationAspire.Executor.Guest;

namespace MigrationAspire.Executor.Migration;

/// <summary>What the destination saw of the guest after switch-over, as the numbers the verdict is made of.</summary>
/// <param name="ExpectedPages">Every page the guest holds (working set and resident memory), as it announced them at boot.</param>
/// <param name="ErrorTotal">The guest's running count of bad pages, read from the first heartbeat after <paramref name="Verify"/>.</param>
/// <param name="Cadence">Heartbeats the guest printed during the watch, against those due.</param>
public sealed record GuestEvidence(long ExpectedPages, GuestLine.Verify Verify, long ErrorTotal, HeartbeatCadence Cadence);

/// <summary>Heartbeats printed during a watch of <see cref="Watch"/>, and how many one every <see cref="PeriodMs"/> makes.</summary>
/// <param name="HostWaitShare">
/// The share of the watch the guest's QEMU sat waiting for a host CPU (<see cref="Qemu.RunQueueWait"/>), 0–1: time in
/// which no guest, however healthy, could have printed.
/// </param>
public sealed record HeartbeatCadence(long Printed, long Due, TimeSpan Watch, double PeriodMs, double HostWaitShare = 0)
{
    /// <summary>Heartbeats a healthy guest prints in the watch: <see cref="GuestVerdict.MinimumCadence"/> of those due in the time the host let it run.</summary>
    public long Needed => (long)Math.Ceiling(GuestVerdict.MinimumCadence * Due * (1 - HostWaitShare));

    /// <summary>
    /// Counted by sequence number, never by arrival time: lines sometimes reach the host late in a burst (see
    /// <see cref="HeartbeatGaps"/>), but the guest's numbering does not move. Printed during the watch are the
    /// heartbeats after the last one that arrived before <paramref name="watchFrom"/> (it cannot have been printed
    /// later), up to the last one printed before the verify began (<see cref="GuestLine.Verify.StartSeq"/>), which
    /// the guest did after <paramref name="verifySentAt"/>. With none before the watch, the first one in it counts.
    /// </summary>
    public static HeartbeatCadence Of(IReadOnlyList<TimedHeartbeat> beats, DateTimeOffset watchFrom, DateTimeOffset verifySentAt,
        long verifyStartSeq, double periodMs, double hostWaitShare = 0)
    {
        long? before = null, first = null;
        foreach (var beat in beats)
        {
            if (beat.At < watchFrom)
                before = Math.Max(before ?? beat.Seq, beat.Seq);
            else
                first = Math.Min(first ?? beat.Seq, beat.Seq);
        }
        var after = before ?? (first - 1);
        var printed = after is { } from ? Math.Max(0, verifyStartSeq - from) : 0;
        var watch = verifySentAt - watchFrom;
        return new HeartbeatCadence(printed, (long)(watch.TotalMilliseconds / periodMs), watch, periodMs, hostWaitShare);
    }
}

/// <summary>
/// The destination's verdict on a migrated guest: it kept its heartbeat cadence, its verify checked every page it
/// holds, and it never found a page it did not write. Each broken rule is one sentence of the reason.
/// </summary>
public static class GuestVerdict
{
    /// <summary>
    /// The share of due heartbeats a healthy guest prints in the time the host let it run (a TCG guest's timers fire a
    /// little late even then). Time its QEMU spent waiting for a host CPU is not held against it: on a loaded 2-core
    /// host a healthy guest was seen to print 27 of 50 due.
    /// </summary>
    public const double MinimumCadence = 0.8;

    /// <summary>Why the guest is not healthy, one sentence per broken rule; empty when it is.</summary>
    public static IReadOnlyList<string> Problems(GuestEvidence evidence, IReadOnlyList<GuestLine.Error> errorLines)
    {
        var problems = new List<string>();
        var (cadence, verify) = (evidence.Cadence, evidence.Verify);
        if (cadence.Printed < cadence.Needed)
            problems.Add(Invariant($"the guest printed {cadence.Printed} heartbeats in the last {cadence.Watch.TotalMilliseconds:0} ms of its watch after the migration completed, where {cadence.Due} were due (one every {cadence.PeriodMs:0.#} ms) and {cadence.Needed} are needed (its QEMU waited for a host CPU {cadence.HostWaitShare:P0} of that time)"));
        if (verify.Checked != evidence.ExpectedPages)
            problems.Add(Invariant($"its verify checked {verify.Checked} pages, not the {evidence.ExpectedPages} (working set and resident memory) it announced at boot"));
        if (evidence.ErrorTotal > 0 || verify.Errors > 0)
        {
            var examples = string.Join("; ", errorLines.Take(3).Select(e => Invariant(
                $"page {e.Page} expected generation {e.ExpectedGeneration}, found index {e.FoundIndex} generation {e.FoundGeneration}")));
            problems.Add(Invariant($"the guest found {Math.Max(evidence.ErrorTotal, verify.Errors)} pages with unexpected contents, {verify.Errors} of them in its verify after the migration ({examples})"));
        }
        return problems;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
