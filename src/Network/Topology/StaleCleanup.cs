using MigrationAspire.Network.Links;
using MigrationAspire.Network.Native;

namespace MigrationAspire.Network.Topology;

/// <summary>What a stale sweep of one lab did: namespaces of the lab whose owner is dead were removed, and their
/// delay lines ended where still running; other namespaces of the lab's name were left.</summary>
public sealed record StaleCleanup(IReadOnlyList<string> Removed, IReadOnlyList<string> Kept, IReadOnlyList<ProcessStamp> EndedDelayLines);

internal static class StaleSweep
{
    /// <summary>
    /// Removes this lab's namespaces whose recorded owner is dead (pid and start time). A namespace that is not
    /// this lab's by name, or has no owner on record, or whose owner lives, is never touched. Call under the lock.
    /// </summary>
    public static async Task<StaleCleanup> RunAsync(LabNames names, LabState state, CancellationToken ct)
    {
        var removed = new List<string>();
        var ended = new List<ProcessStamp>();
        var network = state.Network;
        var existing = (await Ip.NamespacesAsync(ct)).Where(names.Owns).ToHashSet();

        foreach (var host in state.Hosts)
        {
            var ns = names.HostNamespace(host.Host);
            if (host.Owner.IsAlive)
                continue;
            // It ends by itself when the host's owner dies; one that did not is ended by its stamp, never by name.
            if (state.DelayLine(host.Host) is { } line && await DelayLineProcess.StopAsync(line, ct))
                ended.Add(line);
            await Ip.DeleteNamespaceAsync(ns, ct);
            state.ForgetHost(host.Host);
            if (existing.Remove(ns))
                removed.Add(ns);
        }
        if (network is not null && !network.Owner.IsAlive)
        {
            await Ip.DeleteNamespaceAsync(names.SwitchNamespace, ct);
            if (existing.Remove(names.SwitchNamespace))
                removed.Add(names.SwitchNamespace);
            if (state.Hosts.Count == 0)
                state.Clear();
        }
        return new StaleCleanup(removed, existing.Order(StringComparer.Ordinal).ToList(), ended);
    }
}
