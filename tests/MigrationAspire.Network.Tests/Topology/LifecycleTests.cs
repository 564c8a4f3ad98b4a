using System.Diagnostics;
using MigrationAspire.Network.Commands;
using MigrationAspire.Network.Links;
using MigrationAspire.Network.Probes;
using MigrationAspire.Network.Tests.Support;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.Network.Tests.Topology;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Removing_the_network_leaves_no_namespace_interface_qdisc_or_process_of_the_lab()
    {
        var lab = await TestLab.CreateAsync("a", "b");
        await lab["a"].ApplyAsync(new LinkSettings { BandwidthMbit = 100, Latency = TimeSpan.FromMilliseconds(5) });
        await lab["b"].ApplyAsync(new LinkSettings { BandwidthMbit = 100 });
        // A program left running inside a host would keep its namespace (and veth) alive past `ip netns del`.
        using var straggler = Process.Start(new ProcessStartInfo(lab["b"].CommandPrefix[0], [.. lab["b"].CommandPrefix.Skip(1), "sleep", "60"]))!;
        Assert.NotEmpty(await Leftovers.OfAsync(lab.Network.Names));

        await lab.DisposeAsync(); // removes, then asserts nothing is left

        await straggler.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
    }

    [Fact]
    public async Task Stale_namespaces_of_a_dead_owner_are_removed_at_the_next_create_and_a_live_owners_are_kept()
    {
        var staleDirectory = TestLab.NewDirectory();
        using var owner = Process.Start("sleep", "60");
        var names = LabNames.For(staleDirectory);
        await TestLab.CreateAsync(staleDirectory, ["a", "b"], o => o with { OwnerPid = owner.Id });
        await using var live = await TestLab.CreateAsync("a");
        owner.Kill();
        await owner.WaitForExitAsync();

        var stale = await LabNetwork.RemoveStaleAsync(staleDirectory);
        var again = await LabNetwork.RemoveStaleAsync(live.Directory);

        Assert.Equal([names.HostNamespace("a"), names.HostNamespace("b"), names.SwitchNamespace], stale.Removed);
        Assert.Empty(await Leftovers.OfAsync(names));
        Assert.Empty(again.Removed);
        Assert.Equal([live.Network.Names.HostNamespace("a"), live.Network.Names.SwitchNamespace], again.Kept);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => TestLab.CreateAsync(live.Directory, ["a"]));
        Assert.Contains("already exists", refused.Message);
        Assert.Equal(2, (await Leftovers.NamespacesAsync()).Count(n => n.StartsWith(live.Network.Names.Prefix, StringComparison.Ordinal)));
        Directory.Delete(staleDirectory, recursive: true);
    }

    [Fact]
    public async Task A_namespace_named_like_the_labs_with_no_owner_on_record_is_left_alone()
    {
        await using var lab = await TestLab.CreateAsync("a");
        var stranger = lab.Network.Names.HostNamespace("stranger");
        await CommandRunner.RunAsync(["ip", "netns", "add", stranger]);
        try
        {
            var sweep = await LabNetwork.RemoveStaleAsync(lab.Directory);

            Assert.Contains(stranger, sweep.Kept);
            Assert.Contains(stranger, await Leftovers.NamespacesAsync());
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => lab.Network.AttachAsync("stranger"));
            Assert.Contains("no owner of it is on record", refused.Message);
        }
        finally
        {
            await CommandRunner.RunAsync(["ip", "netns", "del", stranger]);
        }
    }

    [Fact]
    public async Task A_host_attached_by_a_second_process_talks_to_the_lab_and_is_stale_once_that_process_dies()
    {
        await using var lab = await TestLab.CreateAsync("a");
        await using (var second = await SecondProcess.AttachAsync(lab.Directory, "c"))
        {
            var c = lab.Network.Host("c");
            Assert.Equal(c.Address.ToString(), second.Address);
            Assert.Equal(2, c.Index);
            var rtt = await RttProbe.MeasureAsync(lab["a"], c, samples: 3);
            Assert.True(rtt.Median < TimeSpan.FromMilliseconds(5));
            await second.DetachAsync();
        }
        Assert.DoesNotContain(lab.Network.Names.HostNamespace("c"), await Leftovers.NamespacesAsync());

        await using (var doomed = await SecondProcess.AttachAsync(lab.Directory, "d"))
        {
            doomed.Kill();
            var sweep = await LabNetwork.RemoveStaleAsync(lab.Directory);
            Assert.Equal([lab.Network.Names.HostNamespace("d")], sweep.Removed);
        }
        Assert.Equal(["a"], lab.Network.Hosts.Select(h => h.Host));
    }

    [Fact]
    public void Settings_out_of_range_are_refused_naming_the_setting()
    {
        Assert.Equal("BandwidthMbit", Assert.Throws<ArgumentException>(() => new LinkSettings { BandwidthMbit = 0 }.Validated()).ParamName);
        Assert.Equal("BandwidthMbit", Assert.Throws<ArgumentException>(() => new LinkSettings { BandwidthMbit = 100_001 }.Validated()).ParamName);
        Assert.Equal("Latency", Assert.Throws<ArgumentException>(() => new LinkSettings { Latency = TimeSpan.FromSeconds(11) }.Validated()).ParamName);
        Assert.Equal("Jitter", Assert.Throws<ArgumentException>(() => new LinkSettings { Jitter = TimeSpan.FromMilliseconds(-1) }.Validated()).ParamName);
        Assert.Equal("Outage", Assert.Throws<ArgumentException>(() =>
            new LinkSettings { Outage = new LinkOutage(TimeSpan.Zero, TimeSpan.Zero) }.Validated()).ParamName);
        Assert.Throws<FormatException>(() => Subnet.Parse("10.1.2.3/24"));
        Assert.Throws<FormatException>(() => Subnet.Parse("10.1.0.0/8"));
        Assert.Equal("10.1.2.7", Subnet.Parse("10.1.2.0/24").Host(7).ToString());
    }
}
