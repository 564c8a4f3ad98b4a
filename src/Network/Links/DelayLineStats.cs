using System.Globalization;

namespace MigrationAspire.Network.Links;

/// <summary>The delay line's own counters since it started. Up is host to switch, down is switch to host.</summary>
public sealed record DelayLineStats(
    long UpFrames, long UpBytes, long DownFrames, long DownBytes,
    long DroppedInOutage, long DroppedQueueFull, long DroppedByShaper)
{
    /// <summary>Parses the reply to <c>stats</c>: <c>ok key=value …</c>.</summary>
    public static DelayLineStats Parse(string reply)
    {
        var values = reply.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        long V(string key) => values.TryGetValue(key, out var v) ? v : throw new FormatException($"The delay line's stats lack {key}: {reply}");
        return new DelayLineStats(
            V("up_frames"), V("up_bytes"), V("down_frames"), V("down_bytes"),
            V("up_drop_outage") + V("down_drop_outage"),
            V("up_drop_full") + V("down_drop_full"),
            V("up_drop_tx") + V("down_drop_tx"));
    }
}
