using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MigrationAspire.Network.Commands;
using MigrationAspire.Network.Probes;
using MigrationAspire.Network.Tests.Support;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.Network.Tests.Topology;

[Collection(SharedLabCollection.Name)]
public sealed class TopologyTests(SharedLab shared)
{
    private TestLab Lab => shared.Lab;

    [Fact]
    public async Task Two_hosts_talk_over_their_own_addresses_in_the_lab_subnet()
    {
        Assert.True(await LabNetwork.CanCreateNamespacesAsync());
        Assert.DoesNotContain(await Leftovers.NamespacesAsync(), n => n.StartsWith("malab-probe-", StringComparison.Ordinal));
        var (a, b) = (Lab["a"], Lab["b"]);
        Assert.NotEqual(a.Address, b.Address);
        Assert.True(Lab.Network.Subnet.Contains(a.Address) && Lab.Network.Subnet.Contains(b.Address));

        var rtt = await RttProbe.MeasureAsync(a, b, samples: 5);

        Assert.Equal(5, rtt.Samples.Count);
        Assert.True(rtt.Median < TimeSpan.FromMilliseconds(5), $"unshaped RTT {rtt.Median.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Hosts_have_no_default_route_and_nothing_outside_the_subnet_is_reachable()
    {
        foreach (var ns in new[] { Lab["a"].Namespace, Lab["b"].Namespace, Lab.Network.Names.SwitchNamespace })
        {
            using var routes = JsonDocument.Parse(await CommandRunner.RunAsync(["ip", "-n", ns, "-j", "-4", "route", "show", "table", "main"]));
            var destinations = routes.RootElement.EnumerateArray().Select(r => r.GetProperty("dst").GetString()).ToList();
            Assert.DoesNotContain("default", destinations);
            Assert.All(destinations, d => Assert.Equal(Lab.Network.Subnet.ToString(), d));
        }

        // The next /24 after the lab's: the kernel refuses at once (no route), so nothing is sent anywhere.
        var bytes = Lab.Network.Subnet.Host(1).GetAddressBytes();
        bytes[2]++;
        using var socket = Lab["a"].CreateSocket();
        var error = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(new IPEndPoint(new IPAddress(bytes), 9)));
        Assert.Equal(SocketError.NetworkUnreachable, error.SocketErrorCode);
    }

    [Fact]
    public async Task The_command_prefix_runs_the_program_itself_inside_the_host_namespace()
    {
        var host = Lab["a"];
        using var process = System.Diagnostics.Process.Start(
            new System.Diagnostics.ProcessStartInfo(host.CommandPrefix[0], [.. host.CommandPrefix.Skip(1), "sleep", "30"]))!;
        try
        {
            string comm = "";
            for (var i = 0; i < 100 && comm != "sleep"; i++, await Task.Delay(10))
                comm = File.ReadAllText($"/proc/{process.Id}/comm").Trim();
            Assert.Equal("sleep", comm); // nsenter exec'd it: the pid we started is the program's
            Assert.Equal(await InodeAsync($"/run/netns/{host.Namespace}"), await InodeAsync($"/proc/{process.Id}/ns/net"));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public void Names_of_two_labs_differ_and_every_interface_name_fits_fifteen_characters()
    {
        var (one, other) = (LabNames.For("/tmp/lab-one/.lab"), LabNames.For("/tmp/lab-two/.lab"));

        Assert.NotEqual(one.LabId, other.LabId);
        Assert.Equal(one, LabNames.For("/tmp/lab-one/.lab/"));
        foreach (var name in new[] { one.Bridge, one.HostVeth(LabNames.MaxHostIndex), one.SwitchVeth(LabNames.MaxHostIndex), one.Tap(LabNames.MaxHostIndex) })
            Assert.InRange(name.Length, 1, 15);
        Assert.True(one.Owns(one.HostNamespace("executor-a")));
        Assert.False(one.Owns(other.HostNamespace("executor-a")));
        Assert.False(one.Owns("malab-probe-1"));
        Assert.Throws<ArgumentException>(() => LabNames.ValidHost("Bad_Name"));
    }

    private static async Task<ulong> InodeAsync(string path) =>
        ulong.Parse((await CommandRunner.RunAsync(["stat", "-L", "-c", "%i", path])).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
