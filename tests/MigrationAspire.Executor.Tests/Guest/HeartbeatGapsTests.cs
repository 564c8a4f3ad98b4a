using MigrationAspire.Executor.Guest;

namespace MigrationAspire.Executor.Tests.Guest;

public sealed class HeartbeatGapsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static TimedHeartbeat Beat(long seq, double atMs) => new(seq, 0, 0, T0.AddMilliseconds(atMs));

    private static List<TimedHeartbeat> Steady(long fromSeq, int count, double startMs, double periodMs = 10) =>
        Enumerable.Range(0, count).Select(i => Beat(fromSeq + i, startMs + i * periodMs)).ToList();

    [Fact]
    public void MaxGapMs_steady_beats_is_the_period()
    {
        Assert.Equal(10, HeartbeatGaps.MaxGapMs(Steady(0, 50, 0)), 6);
    }

    [Fact]
    public void MaxGapMs_guest_paused_then_one_late_line_counts_the_pause()
    {
        // The guest stops for 400 ms (its clock stops too), then prints one late line and re-anchors.
        var beats = Steady(0, 10, 0).Concat(Steady(10, 10, 490)).ToList();

        Assert.Equal(400, HeartbeatGaps.MaxGapMs(beats), 6);
    }

    [Fact]
    public void MaxGapMs_lines_held_up_in_transit_then_a_burst_is_not_downtime()
    {
        // The guest kept printing every 10 ms; the lines it printed from 100 to 690 ms reached the host
        // together at 700 ms, and the later ones on time.
        var beats = Steady(0, 10, 0).ToList();
        beats.AddRange(Enumerable.Range(10, 60).Select(i => Beat(i, 700 + (i - 10) * 0.01)));
        beats.AddRange(Steady(70, 10, 700.6));

        Assert.InRange(HeartbeatGaps.MaxGapMs(beats), 9.9, 11);
    }

    [Fact]
    public void MaxGapMs_pause_followed_by_a_burst_counts_only_the_pause()
    {
        // The guest pauses after 90 ms and prints its next line at 300 ms (on time at the host); the lines
        // it prints from 310 to 780 ms are held up and arrive together at 790 ms.
        var beats = Steady(0, 10, 0).ToList();
        beats.Add(Beat(10, 300));
        beats.AddRange(Enumerable.Range(11, 48).Select(i => Beat(i, 790 + (i - 11) * 0.01)));
        beats.AddRange(Steady(59, 5, 790.5));

        Assert.InRange(HeartbeatGaps.MaxGapMs(beats), 209, 211);
    }

    [Fact]
    public void MaxGapMs_lost_line_stretches_the_bound_by_the_missing_steps()
    {
        var beats = Steady(0, 5, 0).Concat(Steady(6, 5, 60)).ToList();

        Assert.Equal(20, HeartbeatGaps.MaxGapMs(beats), 6);
    }

    [Fact]
    public void GuestObservedDowntimeMs_source_then_destination_measures_the_seam()
    {
        var source = Steady(0, 20, 0);
        var destination = Steady(20, 20, 190 + 35);

        Assert.Equal(35, HeartbeatGaps.GuestObservedDowntimeMs(source, destination), 6);
    }

    [Fact]
    public void Merge_same_seq_on_both_consoles_keeps_the_first_arrival()
    {
        var merged = HeartbeatGaps.Merge([Beat(1, 0), Beat(2, 10)], [Beat(2, 15), Beat(3, 20)]);

        Assert.Equal([1L, 2, 3], merged.Select(b => b.Seq));
        Assert.Equal(T0.AddMilliseconds(10), merged[1].At);
    }

    [Fact]
    public void MaxGapMs_fewer_than_two_beats_is_zero()
    {
        Assert.Equal(0, HeartbeatGaps.MaxGapMs([]));
        Assert.Equal(0, HeartbeatGaps.MaxGapMs([Beat(0, 0)]));
    }
}
