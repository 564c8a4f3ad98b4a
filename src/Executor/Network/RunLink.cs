using System.Diagnostics;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Recovery;
using MigrationAspire.Network.Commands;
using MigrationAspire.Network.Links;
using MigrationAspire.Network.Probes;

namespace MigrationAspire.Executor.Network;

/// <summary>
/// The source host's link during one run: shaped as the run's <see cref="NetworkSpec"/> says (both directions
/// of the source's veth, so the whole path between the hosts has that rate and one-way delay), the round trip
/// measured, the veth's counters read around the migration, and the plain link back when disposed.
/// </summary>
public sealed class RunLink : IAsyncDisposable
{
    private readonly HostLink? link;
    private readonly NetworkSpec spec;
    private readonly ILogger logger;
    private LinkCounters? atMigrate;

    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10); // a 64 MiB backlog at 56 Mbit/s
    // A destination QEMU starved of CPU stops reading, its window closes and the link stands still for a while.
    private static readonly TimeSpan DrainQuiet = TimeSpan.FromSeconds(1);

    private RunLink(HostLink? link, NetworkSpec spec, double? rttMs, ILogger logger) =>
        (this.link, this.spec, RttMs, this.logger) = (link, spec, rttMs, logger);

    public NetworkKind Kind => link is null ? NetworkKind.Loopback : NetworkKind.Netns;

    /// <summary>Median of the round trips just before the migration; null on loopback.</summary>
    public double? RttMs { get; }

    /// <summary>When the link goes down (wall clock); null without an outage, until <see cref="BeginAsync"/>.</summary>
    public DateTimeOffset? OutageStartsAt { get; private set; }
    public DateTimeOffset? OutageEndsAt { get; private set; }

    /// <summary>Shapes the link (no outage yet) and measures the round trip over it.</summary>
    /// <exception cref="MigrationSetupException">The run asks for a shaped link on loopback, or the link cannot be shaped.</exception>
    public static async Task<RunLink> PrepareAsync(HostNetwork network, StartMigration command, ILogger logger, CancellationToken cancellationToken)
    {
        if (network.Link is not { } link)
        {
            if (command.Network.ShapesLink())
                throw new MigrationSetupException(
                    $"the run's network ({Describe(command.Network)}) needs the lab network, but host {command.Host} runs on loopback (network namespaces could not be made)");
            return new RunLink(null, command.Network, null, logger);
        }
        try
        {
            await link.ApplyAsync(Settings(command.Network, withOutage: false), cancellationToken);
            var rtt = await RttProbe.MeasureAsync(link, network.Peer(command.DestinationHost), samples: 5, ct: cancellationToken);
            return new RunLink(link, command.Network, rtt.Median.TotalMilliseconds, logger);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or TimeoutException
                                      or System.Net.Sockets.SocketException or KeyNotFoundException or CommandFailedException)
        {
            await ResetAsync(link, logger);
            throw new MigrationSetupException($"the link of host {command.Host} could not be set up ({Describe(command.Network)}): {e.Message}");
        }
    }

    /// <summary>Right before <c>migrate</c>: the outage clock starts now, and the counters are read.</summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        if (link is null)
            return;
        if (spec.Outage is not null)
        {
            var applied = await link.ApplyAsync(Settings(spec, withOutage: true), cancellationToken);
            (OutageStartsAt, OutageEndsAt) = (applied.OutageStartsAt, applied.OutageEndsAt);
        }
        atMigrate = await link.ReadCountersAsync(cancellationToken);
    }

    /// <summary>
    /// The outage as the migration monitor follows it (docs/postcopy-recovery.md): the kernel takes the link down and
    /// up on its own schedule, set by <see cref="BeginAsync"/>, so the plan's cut does nothing more. Null without one.
    /// </summary>
    public LinkOutagePlan? OutagePlan(StartMigration command)
    {
        if (OutageStartsAt is not { } down || OutageEndsAt is not { } up)
            return null;
        var at = down - DateTimeOffset.UtcNow;
        return new LinkOutagePlan($"the link between hosts {command.Host} and {command.DestinationHost} (network.outage)",
            at > TimeSpan.Zero ? at : TimeSpan.Zero, up - down, (_, _) => Task.CompletedTask);
    }

    /// <summary>
    /// Right after the migration ended: what the link did since <see cref="BeginAsync"/> (nothing measured on loopback).
    /// <paramref name="sentBytes"/> is what QEMU says it sent, when it says.
    /// </summary>
    public async Task<LinkFigures> FiguresAsync(NetworkSpec spec, long? sentBytes)
    {
        if (link is null || atMigrate is null)
            return new LinkFigures(Kind, null, null, RttMs, null);
        // QEMU calls a migration completed once it has written the last byte into its socket, while the socket's send
        // buffer and the shaper's queue still hold megabytes (5.5 MB at 256 Mbit/s, seen as linkBytes 3 % below QEMU's
        // transferred bytes): read until the link has carried what QEMU sent (headers make it carry more), or has
        // stood still for a second, and time the traffic to its last movement.
        var last = await link.ReadCountersAsync();
        var clock = Stopwatch.StartNew();
        var movedAt = clock.Elapsed;
        while (clock.Elapsed < DrainLimit && !(sentBytes is { } sent && last.Since(atMigrate).TxBytes >= sent)
               && clock.Elapsed - movedAt < DrainQuiet)
        {
            await Task.Delay(DrainPoll);
            var next = await link.ReadCountersAsync();
            if (next.TxBytes == last.TxBytes)
                continue;
            (last, movedAt) = (next, clock.Elapsed);
        }
        var traffic = last.Since(atMigrate);
        return new LinkFigures(Kind, traffic.TxBytes, traffic.TxMbps, RttMs, spec.BandwidthMbit);
    }

    public ValueTask DisposeAsync() => link is null ? ValueTask.CompletedTask : new(ResetAsync(link, logger));

    public static string Describe(NetworkSpec spec)
    {
        var parts = new List<string>();
        if (spec.BandwidthMbit is { } rate) parts.Add($"{rate:0.###} Mbit/s");
        if (spec.LatencyMs > 0 || spec.JitterMs > 0) parts.Add($"{spec.LatencyMs:0.###} ± {spec.JitterMs:0.###} ms one way");
        if (spec.Outage is { } o) parts.Add($"down {o.AtSeconds:0.###} s in for {o.DurationMs} ms");
        return parts.Count == 0 ? "unshaped" : string.Join(", ", parts);
    }

    private static LinkSettings Settings(NetworkSpec spec, bool withOutage) => new()
    {
        BandwidthMbit = spec.BandwidthMbit,
        Latency = TimeSpan.FromMilliseconds(spec.LatencyMs),
        Jitter = TimeSpan.FromMilliseconds(spec.JitterMs),
        Outage = withOutage && spec.Outage is { } o ? new LinkOutage(TimeSpan.FromSeconds(o.AtSeconds), TimeSpan.FromMilliseconds(o.DurationMs)) : null,
    };

    private static async Task ResetAsync(HostLink link, ILogger logger)
    {
        try
        {
            await link.ResetAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or CommandFailedException)
        {
            logger.LogError("Could not reset the link of host {Host}: {Reason}", link.Host, e.Message);
        }
    }
}
