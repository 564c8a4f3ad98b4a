using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MigrationAspire.Network.Native;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.Network.Links;

/// <summary>
/// One host of the lab network: its namespace, its address, and the link that joins it to the switch. The
/// link is shaped on both of its ends: the host's veth (host to switch) and its peer in the switch (switch to host).
/// </summary>
public sealed class HostLink
{
    private readonly LabNetwork network;
    private readonly LabNames names;

    internal HostLink(LabNetwork network, HostRecord record)
    {
        this.network = network;
        names = network.Names;
        Host = record.Host;
        Index = record.Index;
        Owner = record.Owner;
        Address = network.Subnet.Host(record.Index);
    }

    public string Host { get; }
    public int Index { get; }
    public IPAddress Address { get; }
    internal ProcessStamp Owner { get; }

    /// <summary>The host's network namespace (<c>/run/netns/{Namespace}</c>).</summary>
    public string Namespace => names.HostNamespace(Host);

    /// <summary>The host's end of its link, inside <see cref="Namespace"/>.</summary>
    public string Device => names.HostVeth(Index);

    /// <summary>
    /// Put before a program's argv to run it inside this host's namespace: nsenter enters the namespace and
    /// execs the program, so the pid you start is the program's own (kill, wait and /proc work as usual).
    /// Unix sockets (QMP, consoles) live in the file system and work across namespaces.
    /// </summary>
    public IReadOnlyList<string> CommandPrefix => ["nsenter", $"--net=/run/netns/{Namespace}", "--"];

    /// <summary>A socket of this host's network (e.g. to find a free port on <see cref="Address"/>, or to probe).</summary>
    public Socket CreateSocket(SocketType type = SocketType.Stream, ProtocolType protocol = ProtocolType.Tcp) =>
        NamespaceSockets.Create(Namespace, type, protocol);

    /// <summary>Sets the link's rate, delay and outage for the next run. Applying again changes a running delay line
    /// in place (it is not restarted); an outage counts from this call.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public async Task<AppliedLink> ApplyAsync(LinkSettings settings, CancellationToken ct = default)
    {
        settings.Validated();
        var netem = network.Mechanism == LinkMechanism.Netem;
        var throughLine = settings.Outage is not null || (!netem && settings.Delays) || network.Options.DelayLineUse == DelayLineUse.Always;
        using var held = await LabLock.AcquireAsync(names, ct);
        await ShapeAsync(settings.BandwidthMbit, netem ? settings : LinkSettings.Unshaped, ct);
        if (!throughLine)
        {
            await LeaveDelayLineAsync(ct);
            return new AppliedLink(settings, settings.Delays ? LinkMechanism.Netem : null, false, null, null);
        }

        var control = await EnterDelayLineAsync(settings, ct);
        var lineDelay = netem ? LinkSettings.Unshaped : settings;
        await DelayLineProcess.CommandAsync(control, Invariant($"set {Nanos(lineDelay.Latency)} {Nanos(lineDelay.Jitter)}"), ct);
        DateTimeOffset? startsAt = null, endsAt = null;
        if (settings.Outage is { } outage)
        {
            var now = Libc.MonotonicNanoseconds();
            var (start, end) = (now + Nanos(outage.At), now + Nanos(outage.At + outage.Duration));
            await DelayLineProcess.CommandAsync(control, Invariant($"outage {start} {end}"), ct);
            var wall = DateTimeOffset.UtcNow;
            (startsAt, endsAt) = (wall + outage.At, wall + outage.At + outage.Duration);
        }
        else
        {
            await DelayLineProcess.CommandAsync(control, "outage 0 0", ct);
        }
        return new AppliedLink(settings, settings.Delays ? network.Mechanism : null, true, startsAt, endsAt);
    }

    /// <summary>Back to the plain link: no qdisc, no delay line, the veth straight on the bridge.</summary>
    public async Task ResetAsync(CancellationToken ct = default)
    {
        using var held = await LabLock.AcquireAsync(names, ct);
        await ShapeAsync(null, LinkSettings.Unshaped, ct);
        await LeaveDelayLineAsync(ct);
    }

    /// <summary>The host veth's counters now: what left (tx) and reached (rx) this host over its link.</summary>
    public Task<LinkCounters> ReadCountersAsync(CancellationToken ct = default) => LinkCounters.ReadAsync(Namespace, Device, ct);

    /// <summary>The delay line's own counters, or null when the link does not go through it.</summary>
    public async Task<DelayLineStats?> ReadDelayLineStatsAsync(CancellationToken ct = default)
    {
        if (network.State.DelayLine(Host) is not { IsAlive: true })
            return null;
        return DelayLineStats.Parse(await DelayLineProcess.CommandAsync(network.State.ControlSocket(Host), "stats", ct));
    }

    private async Task ShapeAsync(double? mbit, LinkSettings netemDelay, CancellationToken ct)
    {
        await Shaper.ApplyAsync(Namespace, Device, mbit, netemDelay.Latency, netemDelay.Jitter, ct);
        await Shaper.ApplyAsync(names.SwitchNamespace, names.SwitchVeth(Index), mbit, netemDelay.Latency, netemDelay.Jitter, ct);
    }

    /// <summary>Puts the delay line between the switch-side veth and the bridge (starting it if need be);
    /// returns its control socket.</summary>
    private async Task<string> EnterDelayLineAsync(LinkSettings settings, CancellationToken ct)
    {
        var control = network.State.ControlSocket(Host);
        if (network.State.DelayLine(Host) is { IsAlive: true })
            return control;
        var veth = names.SwitchVeth(Index);
        // Off the bridge first: with both the veth and the TAP on it, frames would reach the bridge twice.
        await Ip.InAsync(names.SwitchNamespace, ct, "link", "set", veth, "nomaster");
        try
        {
            var line = await DelayLineProcess.StartAsync(network.DelayLineBinary, names.SwitchNamespace, veth, names.Tap(Index),
                control, Owner, QueueMiB(settings), ct);
            network.State.SaveDelayLine(Host, line);
            await Ip.InAsync(names.SwitchNamespace, ct, "link", "set", names.Tap(Index), "master", names.Bridge, "up");
            return control;
        }
        catch
        {
            await LeaveDelayLineAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task LeaveDelayLineAsync(CancellationToken ct)
    {
        if (network.State.DelayLine(Host) is { } line)
        {
            await DelayLineProcess.StopAsync(line, ct); // its TAP goes with it
            network.State.SaveDelayLine(Host, null);
        }
        await Ip.InAsync(names.SwitchNamespace, ct, "link", "set", names.SwitchVeth(Index), "master", names.Bridge);
    }

    /// <summary>Room for what is in flight in one direction at the link's rate (10 Gbit/s when unshaped), twice over.</summary>
    private static int QueueMiB(LinkSettings settings)
    {
        var bytesPerSecond = (settings.BandwidthMbit ?? 10_000) * 1_000_000 / 8;
        var inFlight = bytesPerSecond * (settings.Latency + settings.Jitter).TotalSeconds * 2;
        return (int)Math.Clamp(inFlight / (1 << 20) + 16, 16, 1024);
    }

    private static long Nanos(TimeSpan t) => t.Ticks * 100;
    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
