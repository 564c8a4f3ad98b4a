using MigrationAspire.Network.Links;
using MigrationAspire.Network.Probes;
using MigrationAspire.Network.Tests.Support;

namespace MigrationAspire.Network.Tests.Links;

[Collection(SharedLabCollection.Name)]
public sealed class DelayTests(SharedLab shared) : IAsyncLifetime
{
    private static readonly TimeSpan Ms20 = TimeSpan.FromMilliseconds(20);

    private TestLab Lab => shared.Lab;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => shared.ResetLinksAsync();

    [Fact]
    public async Task Twenty_ms_one_way_makes_a_forty_ms_round_trip()
    {
        var applied = await Lab["a"].ApplyAsync(new LinkSettings { Latency = Ms20 });
        Assert.Equal(Lab.Network.Mechanism, applied.DelayedBy);

        var rtt = await RttProbe.MeasureAsync(Lab["a"], Lab["b"], samples: 10);

        // Both directions cross the delayed link once; the rest of the path costs well under a millisecond.
        Assert.InRange(rtt.Min.TotalMilliseconds, 39.9, 46);
        Assert.InRange(rtt.Median.TotalMilliseconds, 39.9, 46);
    }

    [Fact]
    public async Task Jitter_spreads_round_trips_around_the_latency()
    {
        await Lab["a"].ApplyAsync(new LinkSettings { Latency = Ms20, Jitter = TimeSpan.FromMilliseconds(10) });

        var rtt = await RttProbe.MeasureAsync(Lab["a"], Lab["b"], samples: 40, spacing: TimeSpan.FromMilliseconds(30));

        // Each direction's delay lies in 10-30 ms, so a round trip in 20-60 ms. None can be shorter; a few may
        // be longer when a loaded machine is slow to run the probe itself, so 90 % must lie within.
        var within = rtt.Samples.Count(s => s.TotalMilliseconds is >= 19.9 and <= 66);
        Assert.True(rtt.Min.TotalMilliseconds >= 19.9, $"shortest RTT {rtt.Min.TotalMilliseconds:0.0} ms");
        Assert.True(within >= 36, $"{within} of 40 RTTs within 20-66 ms: {string.Join(", ", rtt.Samples.Select(s => s.TotalMilliseconds.ToString("0.0")))}");
        Assert.True(rtt.Max - rtt.Min >= TimeSpan.FromMilliseconds(8), $"RTTs {rtt.Min.TotalMilliseconds:0.0}-{rtt.Max.TotalMilliseconds:0.0} ms");
        Assert.InRange(rtt.Median.TotalMilliseconds, 32, 48);
    }

    [Fact]
    public async Task A_delayed_link_still_carries_its_rate()
    {
        await Lab["a"].ApplyAsync(new LinkSettings { BandwidthMbit = 256, Latency = Ms20 });

        // Judged after the first second: over a 40 ms round trip TCP's slow start alone cost up to a quarter of a 3 s
        // transfer's rate (72 % seen here at load 3), which says nothing about what the link carries.
        var share = await TcpTransfer.BetterOfTwoBelowAsync(0.80, async () =>
            (await TcpTransfer.RunAsync(Lab["a"], Lab["b"], TimeSpan.FromSeconds(4))).SteadyGoodputMbps(TimeSpan.FromSeconds(1)) / 256);

        Assert.InRange(share, 0.80, 1.0);
    }

    [Fact]
    public async Task An_outage_stops_all_traffic_for_its_duration_and_the_tcp_stream_carries_on_after()
    {
        var outage = new LinkOutage(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        var applied = await Lab["a"].ApplyAsync(new LinkSettings { BandwidthMbit = 256, Outage = outage });
        Assert.True(applied.ThroughDelayLine);

        var transfer = await TcpTransfer.RunAsync(Lab["a"], Lab["b"], TimeSpan.FromSeconds(3));
        var stats = await Lab["a"].ReadDelayLineStatsAsync();

        var gap = transfer.LongestGap;
        Assert.InRange(gap.Length.TotalSeconds, 0.95, 2.5);
        // The same connection delivered well after the link came back (TCP retransmits once its timer fires).
        var afterGap = transfer.Arrivals.Where(x => x.At > gap.From + gap.Length).Sum(x => (long)x.Bytes);
        Assert.True(afterGap > 8 << 20, $"{afterGap} bytes after the outage");
        Assert.True(stats!.DroppedInOutage > 0);
    }
}
