using MigrationAspire.Network.Commands;
using MigrationAspire.Network.Links;
using MigrationAspire.Network.Probes;
using MigrationAspire.Network.Tests.Support;

namespace MigrationAspire.Network.Tests.Links;

[Collection(SharedLabCollection.Name)]
public sealed class ShapingTests(SharedLab shared) : IAsyncLifetime
{
    // TCP over Ethernet carries at most 1448 payload bytes per 1514-byte frame (95.6 %), so a shaped stream's
    // payload rate lies between 80 % (slow start, a loaded machine) and 100 % of the link's rate.
    private const double LowestShare = 0.80;
    private const double HighestShare = 1.00;
    private static readonly TimeSpan TransferTime = TimeSpan.FromSeconds(2);

    private TestLab Lab => shared.Lab;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => shared.ResetLinksAsync();

    [Theory]
    [InlineData(256)]
    [InlineData(1024)]
    public async Task A_shaped_link_carries_its_rate_in_both_directions(double mbit)
    {
        var (a, b) = (Lab["a"], Lab["b"]);
        var applied = await a.ApplyAsync(new LinkSettings { BandwidthMbit = mbit });
        Assert.False(applied.ThroughDelayLine);
        Assert.Null(applied.DelayedBy);

        Assert.InRange(await ShareAsync(a, b, mbit), LowestShare, HighestShare);
        Assert.InRange(await ShareAsync(b, a, mbit), LowestShare, HighestShare);
    }

    /// <summary>The share of the link's rate a transfer carried (the better of two below the floor).</summary>
    private static Task<double> ShareAsync(HostLink from, HostLink to, double mbit) =>
        TcpTransfer.BetterOfTwoBelowAsync(LowestShare, async () => (await TcpTransfer.RunAsync(from, to, TransferTime)).GoodputMbps / mbit);

    [Fact]
    public async Task The_veth_counters_count_the_bytes_a_transfer_sent()
    {
        var (a, b) = (Lab["a"], Lab["b"]);
        await a.ApplyAsync(new LinkSettings { BandwidthMbit = 512 });
        const long payload = 40L << 20;
        var before = await a.ReadCountersAsync();

        var transfer = await TcpTransfer.RunAsync(a, b, TimeSpan.FromSeconds(30), payload);
        var traffic = (await a.ReadCountersAsync()).Since(before);

        Assert.Equal(payload, transfer.Bytes);
        // Headers add 4.6 % per full frame; ACKs flow the other way.
        Assert.InRange(traffic.TxBytes, payload, payload * 1.08);
        Assert.InRange(traffic.RxBytes, 1, payload * 0.05);
        Assert.InRange(traffic.TxMbps!.Value, 1, 512 * 1.03);
    }

    [Fact]
    public async Task Reset_restores_the_unshaped_link()
    {
        var (a, b) = (Lab["a"], Lab["b"]);
        await a.ApplyAsync(new LinkSettings { BandwidthMbit = 64, Latency = TimeSpan.FromMilliseconds(15) });
        Assert.True((await RttProbe.MeasureAsync(a, b, samples: 3)).Min >= TimeSpan.FromMilliseconds(30));
        Assert.NotNull(await a.ReadDelayLineStatsAsync());

        await a.ResetAsync();

        Assert.Null(await a.ReadDelayLineStatsAsync());
        Assert.DoesNotContain("tbf", await CommandRunner.RunAsync(["nsenter", $"--net=/run/netns/{a.Namespace}", "--", "tc", "qdisc", "show"]));
        Assert.DoesNotContain("tbf", await CommandRunner.RunAsync(["nsenter", $"--net=/run/netns/{Lab.Network.Names.SwitchNamespace}", "--", "tc", "qdisc", "show"]));
        Assert.True((await RttProbe.MeasureAsync(a, b, samples: 3)).Median < TimeSpan.FromMilliseconds(5));
        Assert.True((await TcpTransfer.RunAsync(a, b, TimeSpan.FromSeconds(1))).GoodputMbps > 64 * 2);
    }
}
