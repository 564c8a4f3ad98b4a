using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Migration;

namespace MigrationAspire.Executor.Tests.Migration;

public sealed class GuestVerdictTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WatchEnd = T0.AddMilliseconds(1000);

    private static TimedHeartbeat Beat(long seq, double atMs) => new(seq, 0, 0, T0.AddMilliseconds(atMs));

    private static List<TimedHeartbeat> Steady(long fromSeq, int count, double startMs, double periodMs = 10) =>
        Enumerable.Range(0, count).Select(i => Beat(fromSeq + i, startMs + i * periodMs)).ToList();

    private static readonly HeartbeatCadence OnTime = new(100, 100, TimeSpan.FromSeconds(1), 10);

    private static GuestEvidence Evidence(long expected = 40000, long checkedPages = 40000, long verifyErrors = 0, long total = 0,
        HeartbeatCadence? cadence = null) =>
        new(expected, new GuestLine.Verify(600, 590, checkedPages, verifyErrors), total, cadence ?? OnTime);

    [Fact]
    public void Cadence_steady_beats_from_the_resume_counts_every_one_printed_until_the_verify_began()
    {
        // Resumed at T0; the first line on the destination has seq 501, the verify began after seq 600.
        var cadence = HeartbeatCadence.Of(Steady(501, 100, 5), T0, WatchEnd, 600, 10);

        Assert.Equal(100, cadence.Printed);
        Assert.Equal(100, cadence.Due);
    }

    [Fact]
    public void Cadence_lines_held_up_and_arriving_in_a_burst_at_the_end_still_counts_what_the_guest_printed()
    {
        // The guest beat on time, but the host received the second half of the watch's lines in one burst.
        var beats = Steady(501, 50, 5).Concat(Steady(551, 50, 990, 0.01)).ToList();

        var cadence = HeartbeatCadence.Of(beats, T0, WatchEnd, 600, 10);

        Assert.Equal(100, cadence.Printed);
        Assert.Empty(GuestVerdict.Problems(Evidence(cadence: cadence), []));
    }

    [Fact]
    public void Cadence_guest_stalled_for_half_the_watch_fails_naming_printed_and_due_heartbeats()
    {
        // 500 ms of silence after the resume, then one late line and steady beats: the guest re-anchors, never bursts.
        var cadence = HeartbeatCadence.Of(Steady(501, 50, 505), T0, WatchEnd, 550, 10);

        var problem = Assert.Single(GuestVerdict.Problems(Evidence(cadence: cadence), []));
        Assert.Equal(50, cadence.Printed);
        Assert.Contains("printed 50 heartbeats in the last 1000 ms of its watch", problem);
        Assert.Contains("100 were due (one every 10 ms) and 80 are needed", problem);
    }

    [Fact]
    public void Cadence_beats_before_the_watch_count_only_those_after_the_last_one_that_arrived_before_it()
    {
        // Post-copy: the guest beat slowly while it waited for pages, until the migration completed at T0.
        var beats = Steady(400, 10, -500, 50).Concat(Steady(410, 100, 5)).ToList();

        var cadence = HeartbeatCadence.Of(beats, T0, WatchEnd, 509, 10);

        Assert.Equal(100, cadence.Printed);
    }

    [Fact]
    public void Cadence_no_beat_at_all_printed_none()
    {
        var cadence = HeartbeatCadence.Of([], T0, WatchEnd, 600, 10);

        Assert.Equal(0, cadence.Printed);
        Assert.Equal(100, cadence.Due);
    }

    [Fact]
    public void Cadence_time_the_guests_qemu_waited_for_a_host_cpu_is_not_held_against_it()
    {
        // 50 of 100 beats is a stalled guest on an idle host, and a healthy one whose QEMU waited half the watch for a CPU.
        var starved = OnTime with { Printed = 50, HostWaitShare = 0.5 };

        Assert.Equal(40, starved.Needed);
        Assert.Empty(GuestVerdict.Problems(Evidence(cadence: starved), []));
        var problem = Assert.Single(GuestVerdict.Problems(Evidence(cadence: starved with { Printed = 39 }), []));
        Assert.Contains("and 40 are needed (its QEMU waited for a host CPU 50 % of that time)", problem);
    }

    [Fact]
    public void Cadence_eighty_percent_of_the_due_beats_is_enough()
    {
        Assert.Empty(GuestVerdict.Problems(Evidence(cadence: OnTime with { Printed = 80 }), []));
        Assert.Single(GuestVerdict.Problems(Evidence(cadence: OnTime with { Printed = 79 }), []));
    }

    [Fact]
    public void Problems_every_page_checked_and_none_bad_is_healthy()
    {
        Assert.Empty(GuestVerdict.Problems(Evidence(), []));
    }

    [Fact]
    public void Problems_verify_checked_fewer_pages_than_the_guest_holds_is_not_healthy()
    {
        // Any number above 0 used to pass.
        var problem = Assert.Single(GuestVerdict.Problems(Evidence(expected: 40000, checkedPages: 32768), []));

        Assert.Contains("checked 32768 pages, not the 40000 (working set and resident memory) it announced at boot", problem);
    }

    [Fact]
    public void Problems_pages_found_bad_name_the_running_total_the_verifys_share_and_examples()
    {
        GuestLine.Error[] lines = [new(40100, 1, 40100, 0), new(40200, 1, 40200, 0)];

        var problem = Assert.Single(GuestVerdict.Problems(Evidence(verifyErrors: 5, total: 7), lines));

        Assert.Contains("found 7 pages with unexpected contents, 5 of them in its verify after the migration", problem);
        Assert.Contains("page 40100 expected generation 1, found index 40100 generation 0", problem);
    }

    [Fact]
    public void Problems_several_rules_broken_names_each_of_them()
    {
        var problems = GuestVerdict.Problems(Evidence(checkedPages: 1, total: 3, cadence: OnTime with { Printed = 3 }), []);

        Assert.Equal(3, problems.Count);
    }
}
