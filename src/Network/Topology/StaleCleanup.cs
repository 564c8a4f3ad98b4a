namespace MigrationAspire.Network.Topology;

/// <summary>What a stale sweep did: namespaces of the lab whose owner is dead were removed; others were left.</summary>
public sealed record StaleCleanup(IReadOnlyList<string> Removed, IReadOnlyList<string> Kept);

internal static class StaleSweep
{
    /// <summary>
    /// Removes this lab's namespaces whose recorded owner is dead (pid and start time). A namespace that is not
    /// this lab's by name, or has no owner on record, or whose owner lives, is never touched. Call under the lock.
    /// </summary>
    public static async Task<StaleCleanup> RunAsync(LabNames names, LabState state, CancellationToken ct)
    {
        var removed = new List<string>();
        var kept = new List<string>();
        var network = state.Network;
        var existing = (await Ip.NamespacesAsync(ct)).Where(names.Owns).ToHashSet();

        foreach (var host in state.Hosts)
        {
            var ns = names.HostNamespace(host.Host);
            if (host.Owner.IsAlive)
                continue;
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
        kept.AddRange(existing.Order(StringComparer.Ordinal));
        return new StaleCleanup(removed, kept);
    }
}
