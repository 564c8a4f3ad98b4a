using MigrationAspire.Network.Topology;

namespace MigrationAspire.Network.Tests;

/// <summary>
/// The second process of the attach tests: <c>attach LAB_DIR HOST</c> joins a running lab network, prints
/// <c>attached HOST ADDRESS</c>, and detaches when its standard input closes (or dies, leaving a stale host).
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
        if (args is not ["attach", var labDirectory, var host])
        {
            Console.Error.WriteLine("usage: attach LAB_DIR HOST | measure");
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
}
