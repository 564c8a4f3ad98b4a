using MigrationAspire.Network.Links;
using MigrationAspire.Network.Native;

namespace MigrationAspire.Network.Topology;

/// <summary>Joins a host's namespace to the switch and takes it away again. Called under the lab lock.</summary>
internal static class HostAttachment
{
    private const string TcpBuffers = "4096 131072 67108864";

    public static async Task<HostLink> AttachAsync(LabNetwork network, string host, ProcessStamp owner, CancellationToken ct)
    {
        var (names, state) = (network.Names, network.State);
        var ns = names.HostNamespace(host);
        if (state.Host(host) is { } existing)
        {
            if (existing.Owner.IsAlive)
                throw new InvalidOperationException($"Host '{host}' is already attached to lab network {names.LabId} (owner pid {existing.Owner.Pid}).");
            await DetachAsync(names, state, host, ct);
        }
        if ((await Ip.NamespacesAsync(ct)).Contains(ns))
            throw new InvalidOperationException($"Network namespace {ns} exists but no owner of it is on record; it is left alone. Remove it by hand (ip netns del {ns}).");

        var used = state.Hosts.Select(h => h.Index).ToHashSet();
        var limit = Math.Min(LabNames.MaxHostIndex, network.Subnet.HostCapacity);
        var index = Enumerable.Range(1, limit).FirstOrDefault(i => !used.Contains(i));
        if (index == 0)
            throw new InvalidOperationException($"Lab network {names.LabId} has no free host address left in {network.Subnet} (at most {limit} hosts).");

        var record = new HostRecord(host, index, owner);
        state.SaveHost(record); // before the namespace: it never exists without an owner on record
        try
        {
            await Ip.RunAsync(ct, "netns", "add", ns);
            await Ip.InAsync(ns, ct, "link", "set", "lo", "up");
            await Namespaces.QuietAsync(ns, ct);
            // A migration stream over a long fat link needs more than the 4 MiB default send buffer.
            await Ip.SysctlAsync(ns, ct, $"net.ipv4.tcp_rmem={TcpBuffers}", $"net.ipv4.tcp_wmem={TcpBuffers}");
            await Ip.RunAsync(ct, "link", "add", names.HostVeth(index), "netns", ns, "type", "veth",
                "peer", "name", names.SwitchVeth(index), "netns", names.SwitchNamespace);
            await Ip.InAsync(ns, ct, "addr", "add", $"{network.Subnet.Host(index)}/{network.Subnet.PrefixLength}", "dev", names.HostVeth(index));
            await Ip.InAsync(ns, ct, "link", "set", names.HostVeth(index), "up");
            await Ip.InAsync(names.SwitchNamespace, ct, "link", "set", names.SwitchVeth(index), "master", names.Bridge, "up");
            return new HostLink(network, record);
        }
        catch
        {
            await DetachAsync(names, state, host, CancellationToken.None);
            throw;
        }
    }

    public static async Task DetachAsync(LabNames names, LabState state, string host, CancellationToken ct)
    {
        if (state.DelayLine(host) is { } line)
            await DelayLineProcess.StopAsync(line, ct);
        await Ip.DeleteNamespaceAsync(names.HostNamespace(host), ct);
        state.ForgetHost(host);
    }
}
