using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Scheduler.Placement;

[GenerateSerializer, Immutable]
public sealed record Lease(
    [property: Id(0)] string VmId, [property: Id(1)] IReadOnlyList<string> Hosts, [property: Id(2)] int MemoryMiB,
    [property: Id(3)] bool Migration, [property: Id(4)] DateTimeOffset Until);

[GenerateSerializer]
public sealed class PlacementState
{
    [Id(0)] public Dictionary<string, Lease> Leases { get; set; } = [];
}

/// <summary>Places boots and migrations on live hosts with room; see <see cref="IPlacementGrain"/>.</summary>
public sealed class PlacementGrain(
    [PersistentState("placement", "Default")] IPersistentState<PlacementState> state,
    IOptions<SchedulerOptions> options,
    TimeProvider clock) : Grain, IPlacementGrain
{
    // A lease a VM failed to give back stops counting after this long, or after its step's deadline when that is later.
    private static readonly TimeSpan LeaseLifetime = TimeSpan.FromMinutes(15);

    public async Task<PlacementDecision> PlaceBoot(string vmId, int memoryMiB)
    {
        var hosts = await HostsAsync();
        var candidates = hosts.Where(h => Usable(h) && Fits(h, vmId, memoryMiB)).ToList();
        if (candidates.Count == 0)
            return NoHost($"no live host has room for a {memoryMiB} MiB VM ({Describe(hosts)})", hosts, memoryMiB);
        var measuring = MeasuringHosts(vmId);
        candidates = candidates.Where(h => !measuring.ContainsKey(h.Host)).ToList();
        if (candidates.Count == 0)
            return PlacementDecision.Later($"every host with room is in a migration being measured ({DescribeMeasuring(measuring)}): a boot there would share its CPU");
        var host = candidates.OrderBy(h => h.Vms.Count).ThenByDescending(Free).ThenBy(h => h.Host, StringComparer.Ordinal).First();
        await LeaseAsync(new Lease(vmId, [host.Host], memoryMiB, Migration: false, clock.GetUtcNow() + LeaseLifetime));
        return PlacementDecision.On(host.Host);
    }

    public async Task<PlacementDecision> PlaceMigration(string vmId, int memoryMiB, string sourceHost, string? preferred, double maxTimeSeconds)
    {
        var hosts = await HostsAsync();
        var candidates = hosts.Where(h => h.Host != sourceHost && Usable(h) && Fits(h, vmId, memoryMiB)).ToList();
        if (candidates.Count == 0)
            return NoHost($"no live host other than {sourceHost} has room for a {memoryMiB} MiB VM ({Describe(hosts)})", hosts.Where(h => h.Host != sourceHost).ToList(), memoryMiB);
        var free = candidates.Where(h => PairLoad(sourceHost, h.Host, vmId) < options.Value.MaxMigrationsPerHostPair).ToList();
        if (free.Count == 0)
            return PlacementDecision.Later($"every host pair with {sourceHost} already carries {options.Value.MaxMigrationsPerHostPair} migration(s)");
        // This run's probe (on the source) and preparation (on the destination) must not share a host with another
        // pair's migration being measured; more migrations on one pair are what MaxMigrationsPerHostPair allows.
        var measuring = MeasuringHosts(vmId);
        free = free.Where(h => new[] { sourceHost, h.Host }.All(x => !measuring.TryGetValue(x, out var pair) || SamePair(pair, sourceHost, h.Host))).ToList();
        if (free.Count == 0)
            return PlacementDecision.Later((measuring.ContainsKey(sourceHost) ? $"host {sourceHost} is" : $"every host that could take the VM from {sourceHost} is")
                + $" in a migration being measured ({DescribeMeasuring(measuring)})");
        var destination = free.OrderBy(h => h.Host == preferred ? 0 : 1).ThenBy(h => h.Vms.Count).ThenByDescending(Free).ThenBy(h => h.Host, StringComparer.Ordinal).First();
        var steps = options.Value.PrepareTimeout + TimeSpan.FromSeconds(maxTimeSeconds) + options.Value.MigrationGrace;
        var until = clock.GetUtcNow() + (steps > LeaseLifetime ? steps : LeaseLifetime);
        await LeaseAsync(new Lease(vmId, [sourceHost, destination.Host], memoryMiB, Migration: true, until));
        return PlacementDecision.On(destination.Host);
    }

    public async Task Release(string vmId)
    {
        if (state.State.Leases.Remove(vmId))
            await state.WriteStateAsync();
    }

    /// <summary>
    /// No host can take the VM now. A host that is down may come back and a full one may free up, so the run waits
    /// (Scheduler:HostWaitTimeout); but when no host the lab knows, up or down, could hold the VM even empty, waiting is futile.
    /// </summary>
    private static PlacementDecision NoHost(string reason, IReadOnlyList<Candidate> hosts, int memoryMiB) =>
        hosts.Count > 0 && hosts.All(h => h.Report.MemoryBudgetMiB < memoryMiB)
            ? PlacementDecision.Impossible(reason)
            : PlacementDecision.NoHostYet(reason);

    private async Task LeaseAsync(Lease lease)
    {
        state.State.Leases[lease.VmId] = lease;
        await state.WriteStateAsync();
    }

    private async Task<IReadOnlyList<Candidate>> HostsAsync()
    {
        var names = await GrainFactory.GetGrain<IHostRegistryGrain>(IHostRegistryGrain.Key).List();
        var views = await Task.WhenAll(names.Select(n => GrainFactory.GetGrain<IHostGrain>(n).Get().AsTask()));
        return views.OfType<HostView>().Select(v => new Candidate(v)).ToList();
    }

    /// <summary>A host as placement weighs it: what it last reported, whether it is alive, and the VMs it runs.</summary>
    private sealed record Candidate(HostView View)
    {
        public HostReport Report => View.Report;
        public string Host => Report.Host;
        public IReadOnlyList<string> Vms { get; } = View.Report.Vms.Select(v => v.VmId).ToList();
    }

    // A host still probing its accelerator reports "unknown": it cannot run VMs yet.
    private static bool Usable(Candidate host) => host.View.Alive && host.Report.Accelerator is "kvm" or "tcg";

    /// <summary>Memory and VM slots left, counting leases the host's heartbeat does not show yet.</summary>
    private bool Fits(Candidate host, string vmId, int memoryMiB)
    {
        var pending = Live()
            .Where(l => l.VmId != vmId && l.Hosts[^1] == host.Host && !host.Vms.Contains(l.VmId))
            .ToList();
        var memory = host.Report.MemoryUsedMiB + pending.Sum(l => l.MemoryMiB) + memoryMiB;
        return memory <= host.Report.MemoryBudgetMiB && host.Vms.Count + pending.Count + 1 <= host.Report.MaxVms;
    }

    private static int Free(Candidate host) => host.Report.MemoryBudgetMiB - host.Report.MemoryUsedMiB;

    private IEnumerable<Lease> Live() => state.State.Leases.Values.Where(l => l.Until > clock.GetUtcNow());

    /// <summary>
    /// The hosts of other VMs' migrations (from placement to release: preparation, the measured copy, the destination's
    /// check), each with its pair. Issue 17's rule: no boot, dirty-rate probe or preparation on such a host meanwhile.
    /// </summary>
    private Dictionary<string, IReadOnlyList<string>> MeasuringHosts(string vmId)
    {
        var hosts = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var lease in Live().Where(l => l.Migration && l.VmId != vmId))
            foreach (var host in lease.Hosts)
                hosts.TryAdd(host, lease.Hosts);
        return hosts;
    }

    private static bool SamePair(IReadOnlyList<string> pair, string a, string b) => pair.Contains(a) && pair.Contains(b);

    private static string DescribeMeasuring(Dictionary<string, IReadOnlyList<string>> measuring) =>
        string.Join(", ", measuring.Values.Distinct().Select(p => string.Join("↔", p)));

    private int PairLoad(string a, string b, string vmId) => Live()
        .Count(l => l.Migration && l.VmId != vmId && l.Hosts.Contains(a) && l.Hosts.Contains(b));

    private static string Describe(IReadOnlyList<Candidate> hosts) => hosts.Count == 0
        ? "no executor host has sent a heartbeat"
        : string.Join("; ", hosts.Select(h =>
            !h.View.Alive ? $"{h.Host}: down ({h.View.DownReason})"
            : h.Report.Accelerator is not ("kvm" or "tcg") ? $"{h.Host}: not ready ({h.Report.AcceleratorReason})"
            : $"{h.Host}: {h.Report.MemoryUsedMiB}/{h.Report.MemoryBudgetMiB} MiB, {h.Vms.Count}/{h.Report.MaxVms} VMs"));
}
