using MigrationAspire.Network.Commands;
using MigrationAspire.Network.Links;

namespace MigrationAspire.Network.Topology;

/// <summary>The switch: a namespace with loopback and a bridge, nothing routed.</summary>
internal static class Switch
{
    /// <returns>The link mechanism: the one asked for, else netem if a real <c>tc qdisc add … netem</c> works here.</returns>
    public static async Task<LinkMechanism> CreateAsync(LabNames names, LinkMechanism? wanted, CancellationToken ct)
    {
        var ns = names.SwitchNamespace;
        await Ip.RunAsync(ct, "netns", "add", ns);
        await Ip.InAsync(ns, ct, "link", "set", "lo", "up");
        await Namespaces.QuietAsync(ns, ct);
        // A bridge with no netfilter rules still pays for br_netfilter's hooks; the lab's switch has none.
        // Older kernels keep these sysctls global and refuse them per namespace: then they are left as they are.
        await CommandRunner.SucceedsAsync(["nsenter", $"--net=/run/netns/{ns}", "--", "sysctl", "-q", "-w",
            "net.bridge.bridge-nf-call-iptables=0", "net.bridge.bridge-nf-call-ip6tables=0", "net.bridge.bridge-nf-call-arptables=0"], ct);
        await Ip.InAsync(ns, ct, "link", "add", names.Bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0", "mcast_snooping", "0");
        await Ip.InAsync(ns, ct, "link", "set", names.Bridge, "up");
        return wanted ?? await ProbeNetemAsync(ns, names.Bridge, ct);
    }

    private static async Task<LinkMechanism> ProbeNetemAsync(string ns, string device, CancellationToken ct)
    {
        if (!await CommandRunner.SucceedsAsync(["nsenter", $"--net=/run/netns/{ns}", "--", "tc", "qdisc", "add", "dev", device, "root", "netem", "delay", "1ms"], ct))
            return LinkMechanism.DelayLine;
        await Ip.TcAsync(ns, ct, "qdisc", "del", "dev", device, "root");
        return LinkMechanism.Netem;
    }
}

internal static class Namespaces
{
    /// <summary>IPv4 only: no IPv6 autoconfiguration chatter on the lab's links, in counters or out of them.</summary>
    public static Task QuietAsync(string ns, CancellationToken ct) =>
        Ip.SysctlAsync(ns, ct, "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
}
