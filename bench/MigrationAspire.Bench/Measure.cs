using System.Diagnostics;

namespace MigrationAspire.Bench;

/// <summary>One line of the results table.</summary>
internal sealed record Result(string What, string Value, string Detail);

internal static class Measure
{
    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }

    /// <summary>
    /// The first (cold) call, two more untimed warm-ups, then <paramref name="repeats"/> timed calls:
    /// first, median, min and max in ms.
    /// </summary>
    public static async Task<(double First, double Median, double Min, double Max)> LatencyAsync(int repeats, Func<Task> action)
    {
        var first = (await TimeAsync(action)).TotalMilliseconds;
        await action();
        await action();
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            times.Add((await TimeAsync(action)).TotalMilliseconds);
        }

        times.Sort();
        return (first, times[times.Count / 2], times[0], times[^1]);
    }

    public static string Rate(int count, TimeSpan elapsed) => $"{count / elapsed.TotalSeconds:N0} runs/s";

    public static string Ms(double ms) => $"{ms:N0} ms";

    /// <summary>The 1-minute load average: the machine is shared, so every figure carries the load it was taken under.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
