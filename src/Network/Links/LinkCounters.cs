using System.Text.Json;
using MigrationAspire.Network.Native;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.Network.Links;

/// <summary>A host veth's kernel counters at one moment (CLOCK_MONOTONIC ns). Tx left the host, rx reached it.</summary>
public sealed record LinkCounters(long TxBytes, long RxBytes, long TxPackets, long RxPackets, long Dropped, long AtNanoseconds)
{
    public static async Task<LinkCounters> ReadAsync(string ns, string device, CancellationToken ct)
    {
        var json = await Ip.InAsync(ns, ct, "-s", "-j", "link", "show", "dev", device);
        var at = Libc.MonotonicNanoseconds();
        using var doc = JsonDocument.Parse(json);
        var stats = doc.RootElement[0].GetProperty("stats64");
        var (tx, rx) = (stats.GetProperty("tx"), stats.GetProperty("rx"));
        return new LinkCounters(
            tx.GetProperty("bytes").GetInt64(), rx.GetProperty("bytes").GetInt64(),
            tx.GetProperty("packets").GetInt64(), rx.GetProperty("packets").GetInt64(),
            tx.GetProperty("dropped").GetInt64() + rx.GetProperty("dropped").GetInt64(), at);
    }

    /// <summary>What crossed the link between <paramref name="earlier"/> and this reading.</summary>
    public LinkTraffic Since(LinkCounters earlier) => new(
        TxBytes - earlier.TxBytes, RxBytes - earlier.RxBytes, TimeSpan.FromTicks((AtNanoseconds - earlier.AtNanoseconds) / 100));
}

/// <summary>Bytes each way over an interval, and the throughput they make (Ethernet frames, headers included).</summary>
public sealed record LinkTraffic(long TxBytes, long RxBytes, TimeSpan Interval)
{
    public double? TxMbps => Interval > TimeSpan.Zero ? TxBytes * 8 / Interval.TotalSeconds / 1e6 : null;
    public double? RxMbps => Interval > TimeSpan.Zero ? RxBytes * 8 / Interval.TotalSeconds / 1e6 : null;
}
