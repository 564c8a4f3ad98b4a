using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Lab;

/// <summary>A lab talks to loopback and to the namespaces it made, never to the world (issue 12: the services called home).</summary>
[Collection(LabCollection.Name)]
public sealed class NetworkBoundaryTests(LabFixture lab, ITestOutputHelper output)
{
    [Fact]
    public async Task No_process_of_the_lab_opens_a_connection_outside_loopback_and_its_namespaces()
    {
        var ownNamespace = NetNamespace(Environment.ProcessId);
        // The Orleans silo binds the machine's own address (docs/machine-facts.md): that is this machine too.
        var machine = NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address).ToHashSet();
        var seen = new HashSet<string>();
        var outside = new HashSet<string>();
        // Sampled for a while: MassTransit's usage report, for one, goes out some seconds after a bus starts.
        for (var i = 0; i < 100; i++)
        {
            foreach (var pid in LabProcessTree.Find().Keys)
            {
                var inLabNamespace = NetNamespace(pid) is { } ns && ns != ownNamespace;
                foreach (var remote in Connections(pid))
                {
                    seen.Add(remote.ToString());
                    if (!IPAddress.IsLoopback(remote.Address) && !remote.Address.Equals(IPAddress.Any) && !remote.Address.Equals(IPAddress.IPv6Any)
                        && !machine.Contains(remote.Address) && !inLabNamespace)
                        outside.Add($"{LabProcessTree.Command(pid)} (pid {pid}) → {remote}");
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        output.WriteLine($"{seen.Count} remote endpoints seen");
        Assert.NotEmpty(seen);
        Assert.Empty(outside);
        foreach (var service in new[] { "scheduler", "executor-a", "executor-b", "analytics", "api" })
            Assert.Equal("", lab.Logs.Grep(service, "usage telemetry"));
    }

    /// <summary>The remote ends of the TCP sockets <paramref name="pid"/> holds (its fds matched to its namespace's tables by inode).</summary>
    private static IEnumerable<IPEndPoint> Connections(int pid)
    {
        var inodes = new HashSet<string>();
        try
        {
            foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                    inodes.Add(target[8..^1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
        var remotes = new List<IPEndPoint>();
        foreach (var table in new[] { "tcp", "tcp6" })
        {
            string[] lines;
            try { lines = File.ReadAllLines($"/proc/{pid}/net/{table}"); }
            catch (IOException) { continue; }
            foreach (var line in lines.Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && inodes.Contains(fields[9]))
                    remotes.Add(Parse(fields[2]));
            }
        }
        return remotes;
    }

    // /proc/net/tcp writes an address as hex of its bytes in host order, 32 bits at a time, then the port.
    private static IPEndPoint Parse(string hex)
    {
        var (address, port) = (hex[..hex.IndexOf(':')], int.Parse(hex[(hex.IndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        var bytes = new byte[address.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
            for (var b = 0; b < 4; b++)
                bytes[word * 4 + b] = byte.Parse(address.AsSpan(word * 8 + (3 - b) * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var ip = new IPAddress(bytes);
        return new IPEndPoint(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip, port);
    }

    private static string? NetNamespace(int pid)
    {
        try { return new FileInfo($"/proc/{pid}/ns/net").LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
