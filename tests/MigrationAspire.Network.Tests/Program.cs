using MigrationAspire.Network.Links;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.Network.Tests;

/// <summary>
/// The second process of the attach tests: <c>attach LAB_DIR HOST</c> joins a running lab network, prints
/// <c>attached HOST ADDRESS</c>, and detaches when its standard input closes (or dies, leaving a stale host).
/// <c>create LAB_DIR HOST</c> creates a lab network of its own with HOST behind a delay line, prints
/// <c>created HOST ADDRESS</c>, and removes it when its standard input closes (or dies, leaving a stale lab).
/// <c>sweep</c> runs a start's sweep of every lab's stale network and prints what it did and how long it took.
/// <c>measure</c> prints the figures of docs/network.md.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["measure"])
        {
            await Support.Measurements.RunAsync();
            return 0;
        }
        if (args is ["sweep"])
            return await SweepAsync();
        if (args is ["create", var ownDirectory, var ownHost])
            return await CreateAsync(ownDirectory, ownHost);
        if (args is not ["attach", var labDirectory, var host])
        {
            Console.Error.WriteLine("usage: attach LAB_DIR HOST | create LAB_DIR HOST | sweep | measure");
            return 2;
        }
        var network = await LabNetwork.OpenAsync(new LabNetworkOptions { LabDirectory = labDirectory });
        var link = await network.AttachAsync(host);
        Console.WriteLine($"attached {link.Host} {link.Address}");
        await Console.In.ReadToEndAsync();
        await network.DetachAsync(host);
        Console.WriteLine("detached");
        return 0;
    }

    private static async Task<int> CreateAsync(string labDirectory, string host)
    {
        var network = await LabNetwork.CreateAsync(new LabNetworkOptions { LabDirectory = labDirectory }, [host]);
        // A delay (this kernel has no netem) puts a delay line in the path: a process of the lab besides the namespaces.
        await network.Host(host).ApplyAsync(new LinkSettings { Latency = TimeSpan.FromMilliseconds(1) });
        Console.WriteLine($"created {host} {network.Host(host).Address}");
        await Console.In.ReadToEndAsync();
        await network.RemoveAsync();
        Console.WriteLine("removed");
        return 0;
    }

    private static async Task<int> SweepAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sweep = await LabNetwork.RemoveStaleEverywhereAsync();
        foreach (var lab in sweep.Labs)
            Console.WriteLine($"lab {lab.LabId}: {lab.Outcome}; removed [{string.Join(", ", lab.Namespaces.Removed)}] kept [{string.Join(", ", lab.Namespaces.Kept)}] {lab.Reason}");
        Console.WriteLine($"unrecorded, kept: [{string.Join(", ", sweep.Unrecorded)}]; {clock.ElapsedMilliseconds} ms");
        return 0;
    }
}
