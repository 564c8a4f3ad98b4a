using System.Text.Json;
using MigrationAspire.Network.Commands;
using MigrationAspire.Network.Links;

namespace MigrationAspire.Network.Topology;

/// <summary>
/// Sweeps every lab's stale network on this machine, not only the starting lab's: each end-to-end run has a lab
/// directory (so a lab id) of its own, and a killed one would otherwise never meet a start of its own lab again.
/// Per lab the rules of <see cref="StaleSweep"/>; a lab whose lock another process holds is alive and is skipped at
/// once, so a start never waits on another lab.
/// </summary>
internal static class MachineSweep
{
    private static readonly StaleCleanup Nothing = new([], [], []);

    public static async Task<MachineCleanup> RunAsync(CancellationToken ct)
    {
        var labs = new List<LabCleanup>();
        var runtime = Directory.Exists(LabNames.RuntimeRoot) ? Directory.EnumerateDirectories(LabNames.RuntimeRoot) : [];
        // Only directories named like a lab id: anything else under /run/malab is not the lab's to touch.
        foreach (var id in runtime.Select(Path.GetFileName).OfType<string>().Where(LabNames.IsLabId).Order(StringComparer.Ordinal))
            labs.Add(await SweepAsync(new LabNames(id), ct));
        var seen = labs.SelectMany(l => l.Namespaces.Removed.Concat(l.Namespaces.Kept)).ToHashSet();
        var unrecorded = (await Ip.NamespacesAsync(ct))
            .Where(n => n.StartsWith(LabNames.NamespacePrefix, StringComparison.Ordinal) && !seen.Contains(n))
            .Order(StringComparer.Ordinal).ToList();
        return new MachineCleanup(labs, unrecorded);
    }

    private static async Task<LabCleanup> SweepAsync(LabNames names, CancellationToken ct)
    {
        using var held = LabLock.TryAcquire(names);
        if (held is null)
            return new LabCleanup(names.LabId, LabSweepOutcome.Busy, await LabNamespacesAsync(names, ct));
        var state = new LabState(names);
        try
        {
            var cleanup = await StaleSweep.RunAsync(names, state, ct);
            if (state.Network is not null || state.Hosts.Count > 0)
                return new LabCleanup(names.LabId, LabSweepOutcome.Kept, cleanup);
            // Nothing on record any more; a delay line whose host record went missing is ended by its stamp too.
            var ended = new List<Native.ProcessStamp>(cleanup.EndedDelayLines);
            foreach (var line in state.DelayLines)
            {
                if (await DelayLineProcess.StopAsync(line, ct))
                    ended.Add(line);
            }
            state.Clear();
            return new LabCleanup(names.LabId, LabSweepOutcome.Removed, cleanup with { EndedDelayLines = ended });
        }
        catch (Exception e) when (e is JsonException or IOException or CommandFailedException or InvalidOperationException)
        {
            return new LabCleanup(names.LabId, LabSweepOutcome.Failed, await LabNamespacesAsync(names, ct), e.Message);
        }
    }

    /// <summary>A lab left as it is: all its namespaces count as kept.</summary>
    private static async Task<StaleCleanup> LabNamespacesAsync(LabNames names, CancellationToken ct) =>
        Nothing with { Kept = (await Ip.NamespacesAsync(ct)).Where(names.Owns).Order(StringComparer.Ordinal).ToList() };
}
