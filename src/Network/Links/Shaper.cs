using System.Globalization;
using System.Text.Json;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.Network.Links;

/// <summary>The kernel's part of a link, on one device's egress: tbf for the rate, netem (where built) for delay.</summary>
internal static class Shaper
{
    // tbf hands a packet longer than its burst to software segmentation; a burst above a 64 KiB GSO frame
    // keeps TCP's large frames whole (and the delay line's frame rate low).
    private const long MinBurstBytes = 256 * 1024;

    public static async Task ApplyAsync(string ns, string device, double? mbit, TimeSpan netemLatency, TimeSpan netemJitter, CancellationToken ct)
    {
        await ClearAsync(ns, device, ct);
        var netem = netemLatency > TimeSpan.Zero || netemJitter > TimeSpan.Zero;
        if (netem)
        {
            await Ip.TcAsync(ns, ct, "qdisc", "add", "dev", device, "root", "handle", "1:", "netem",
                "delay", Micros(netemLatency), Micros(netemJitter), "limit", "100000");
            if (mbit is { } rate)
                await Ip.TcAsync(ns, ct, ["qdisc", "add", "dev", device, "parent", "1:1", "handle", "10:", .. Tbf(rate)]);
        }
        else if (mbit is { } rate)
        {
            await Ip.TcAsync(ns, ct, ["qdisc", "add", "dev", device, "root", .. Tbf(rate)]);
        }
    }

    /// <summary>True when the device has a root qdisc the lab put there (a veth's own is noqueue).</summary>
    public static async Task<bool> IsShapedAsync(string ns, string device, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await Ip.TcAsync(ns, ct, "-j", "qdisc", "show", "dev", device));
        return doc.RootElement.EnumerateArray().Any(q =>
            q.TryGetProperty("root", out var root) && root.GetBoolean() && q.GetProperty("kind").GetString() is "tbf" or "netem");
    }

    private static async Task ClearAsync(string ns, string device, CancellationToken ct)
    {
        if (await IsShapedAsync(ns, device, ct))
            await Ip.TcAsync(ns, ct, "qdisc", "del", "dev", device, "root");
    }

    private static string[] Tbf(double mbit)
    {
        var bitsPerSecond = (long)Math.Round(mbit * 1_000_000);
        var burst = Math.Max(MinBurstBytes, bitsPerSecond / 8 / 500); // 2 ms at the rate
        return ["tbf", "rate", $"{bitsPerSecond}bit", "burst", burst.ToString(CultureInfo.InvariantCulture), "latency", "50ms"];
    }

    private static string Micros(TimeSpan t) => $"{(long)Math.Round(t.TotalMicroseconds)}us";
}
