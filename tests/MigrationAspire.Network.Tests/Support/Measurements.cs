using System.Globalization;
using MigrationAspire.Network.Commands;
using MigrationAspire.Network.Links;
using MigrationAspire.Network.Probes;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.Network.Tests.Support;

/// <summary>
/// The figures docs/network.md reports (<c>dotnet exec MigrationAspire.Network.Tests.dll measure</c>): TCP
/// goodput per rate on the direct path and through the delay line, the delay line's CPU, and RTT accuracy.
/// A report, not a test: numbers on a shared machine vary with its load.
/// </summary>
internal static class Measurements
{
    public static async Task RunAsync()
    {
        foreach (var use in new[] { DelayLineUse.WhenNeeded, DelayLineUse.Always })
        {
            await using var lab = await TestLab.CreateAsync(TestLab.NewDirectory(), ["a", "b"], o => o with { DelayLineUse = use });
            var (a, b) = (lab["a"], lab["b"]);
            foreach (var (mbit, latency) in new (double?, double)[] { (null, 0), (256, 0), (1024, 0), (1024, 20), (256, 20) })
            {
                if (use == DelayLineUse.WhenNeeded && latency > 0) continue;
                await a.ApplyAsync(new LinkSettings { BandwidthMbit = mbit, Latency = TimeSpan.FromMilliseconds(latency) });
                var line = await DelayLinePidAsync(lab);
                var cpuBefore = CpuSeconds(line);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var outbound = await TcpTransfer.RunAsync(a, b, TimeSpan.FromSeconds(3));
                var inbound = await TcpTransfer.RunAsync(b, a, TimeSpan.FromSeconds(3));
                var cpu = line is null ? "" : $", delay line CPU {100 * (CpuSeconds(line) - cpuBefore) / clock.Elapsed.TotalSeconds:0} % of a core";
                Console.WriteLine(Invariant($"{(use == DelayLineUse.Always ? "delay line" : "direct"),-10} rate {mbit?.ToString() ?? "unshaped",8} latency {latency,3} ms: a->b {outbound.GoodputMbps,6:0} Mbit/s, b->a {inbound.GoodputMbps,6:0} Mbit/s{cpu}"));
            }
            await a.ResetAsync();
        }

        await using (var lab = await TestLab.CreateAsync("a", "b"))
        {
            foreach (var ms in new[] { 1.0, 5, 20, 100 })
            {
                await lab["a"].ApplyAsync(new LinkSettings { Latency = TimeSpan.FromMilliseconds(ms) });
                var rtt = await RttProbe.MeasureAsync(lab["a"], lab["b"], samples: 20);
                Console.WriteLine(Invariant($"latency {ms,5} ms one way: RTT min {rtt.Min.TotalMilliseconds:0.00} median {rtt.Median.TotalMilliseconds:0.00} max {rtt.Max.TotalMilliseconds:0.00} ms (expected {2 * ms:0.##})"));
            }
            await lab["a"].ApplyAsync(new LinkSettings { Latency = TimeSpan.FromMilliseconds(20), Jitter = TimeSpan.FromMilliseconds(10) });
            var jittered = await RttProbe.MeasureAsync(lab["a"], lab["b"], samples: 100, spacing: TimeSpan.FromMilliseconds(30));
            var sorted = jittered.Samples.Order().Select(s => s.TotalMilliseconds).ToList();
            var sd = Math.Sqrt(sorted.Average(s => Math.Pow(s - sorted.Average(), 2)));
            Console.WriteLine(Invariant($"latency 20 ± 10 ms: RTT min {sorted[0]:0.0} p10 {sorted[10]:0.0} median {sorted[50]:0.0} p90 {sorted[90]:0.0} max {sorted[^1]:0.0} sd {sd:0.0} ms"));
        }
    }

    private static async Task<int?> DelayLinePidAsync(TestLab lab)
    {
        var pids = (await CommandRunner.RunAsync(["ip", "netns", "pids", lab.Network.Names.SwitchNamespace]))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return pids.Length == 0 ? null : int.Parse(pids[0], CultureInfo.InvariantCulture);
    }

    private static double CpuSeconds(int? pid)
    {
        if (pid is null) return 0;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
