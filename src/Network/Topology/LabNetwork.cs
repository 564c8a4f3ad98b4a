using MigrationAspire.Network.Commands;
using MigrationAspire.Network.Links;
using MigrationAspire.Network.Native;

namespace MigrationAspire.Network.Topology;

/// <summary>
/// A lab's own network: one "switch" namespace holding a Linux bridge, one namespace per host joined to it by a
/// veth pair, a private subnet, no default route anywhere. Any process may open it and attach or detach hosts;
/// they coordinate through a lock and small files in <see cref="LabNames.RuntimeDirectory"/>.
/// </summary>
public sealed class LabNetwork
{
    private static readonly Lazy<Task<bool>> NamespacesWork = new(ProbeNamespacesAsync);
    private readonly LabState state;

    private LabNetwork(LabNetworkOptions options, LabNames names, NetworkRecord record)
    {
        Options = options;
        Names = names;
        state = new LabState(names);
        Subnet = Subnet.Parse(record.Subnet);
        Mechanism = record.Mechanism;
    }

    public LabNetworkOptions Options { get; }
    public LabNames Names { get; }
    public Subnet Subnet { get; }

    /// <summary>What delays packets on this lab's links (netem where the kernel has it).</summary>
    public LinkMechanism Mechanism { get; }

    internal LabState State => state;

    /// <summary>Whether this process can build a lab network (root, and <c>ip netns add</c> works); else use loopback.</summary>
    public static Task<bool> CanCreateNamespacesAsync() => NamespacesWork.Value;

    /// <summary>Removes the lab's stale namespaces, then creates the switch and the given hosts.</summary>
    /// <exception cref="InvalidOperationException">The lab's network exists and its owner lives.</exception>
    public static async Task<LabNetwork> CreateAsync(LabNetworkOptions options, IEnumerable<string> hosts, CancellationToken ct = default)
    {
        var names = LabNames.For(options.LabDirectory);
        var hostNames = hosts.Select(LabNames.ValidHost).ToList();
        var owner = Owner(options);
        using var held = await LabLock.AcquireAsync(names, ct);
        var state = new LabState(names);
        await StaleSweep.RunAsync(names, state, ct);
        if (state.Network is { } live && (await Ip.NamespacesAsync(ct)).Contains(names.SwitchNamespace))
            throw new InvalidOperationException(
                $"The lab network {names.LabId} of {live.LabDirectory} already exists and its owner (pid {live.Owner.Pid}) is running.");

        var subnet = await SubnetChoice.ChooseAsync(names, options.Subnet, ct);
        var record = new NetworkRecord(subnet.ToString(), options.Mechanism ?? LinkMechanism.DelayLine, Path.GetFullPath(options.LabDirectory), owner);
        state.SaveNetwork(record); // before the namespace: it never exists without an owner on record
        try
        {
            var mechanism = await Switch.CreateAsync(names, options.Mechanism, ct);
            record = record with { Mechanism = mechanism };
            state.SaveNetwork(record);
            var network = new LabNetwork(options, names, record);
            network.RequireDelayLineBinary();
            foreach (var host in hostNames)
                await HostAttachment.AttachAsync(network, host, owner, ct);
            return network;
        }
        catch
        {
            await RemoveUnlockedAsync(names, state, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Joins a lab network another process created (e.g. a host's executor started on its own).</summary>
    public static async Task<LabNetwork> OpenAsync(LabNetworkOptions options, CancellationToken ct = default)
    {
        var names = LabNames.For(options.LabDirectory);
        using var held = await LabLock.AcquireAsync(names, ct);
        var record = new LabState(names).Network;
        if (record is null || !record.Owner.IsAlive || !(await Ip.NamespacesAsync(ct)).Contains(names.SwitchNamespace))
            throw new InvalidOperationException(
                $"There is no running lab network for {options.LabDirectory} (lab {names.LabId}, namespace {names.SwitchNamespace}): start the lab first.");
        var network = new LabNetwork(options, names, record);
        network.RequireDelayLineBinary();
        return network;
    }

    /// <summary>Adds a host; it belongs to <see cref="LabNetworkOptions.OwnerPid"/> (default: this process).</summary>
    public async Task<HostLink> AttachAsync(string host, CancellationToken ct = default)
    {
        LabNames.ValidHost(host);
        using var held = await LabLock.AcquireAsync(Names, ct);
        return await HostAttachment.AttachAsync(this, host, Owner(Options), ct);
    }

    /// <summary>An attached host, whichever process attached it.</summary>
    public HostLink Host(string host) => state.Host(LabNames.ValidHost(host)) is { } record
        ? new HostLink(this, record)
        : throw new KeyNotFoundException($"Host '{host}' is not attached to lab network {Names.LabId}.");

    public IReadOnlyList<HostLink> Hosts => state.Hosts.Select(h => new HostLink(this, h)).ToList();

    public async Task DetachAsync(string host, CancellationToken ct = default)
    {
        using var held = await LabLock.AcquireAsync(Names, ct);
        await HostAttachment.DetachAsync(Names, state, LabNames.ValidHost(host), ct);
    }

    /// <summary>Removes every host, the switch and the runtime files: nothing of the lab is left.</summary>
    public async Task RemoveAsync(CancellationToken ct = default)
    {
        using var held = await LabLock.AcquireAsync(Names, ct);
        await RemoveUnlockedAsync(Names, state, ct);
    }

    /// <summary>Removes the lab's namespaces whose owner is dead; never anything else.</summary>
    public static async Task<StaleCleanup> RemoveStaleAsync(string labDirectory, CancellationToken ct = default)
    {
        var names = LabNames.For(labDirectory);
        using var held = await LabLock.AcquireAsync(names, ct);
        return await StaleSweep.RunAsync(names, new LabState(names), ct);
    }

    /// <summary>
    /// Removes the stale network of every lab on this machine (each <see cref="LabNames.RuntimeRoot"/> entry), by the
    /// rules of <see cref="RemoveStaleAsync"/>; a lab whose lock is held is skipped without waiting. What a lab start runs.
    /// </summary>
    public static Task<MachineCleanup> RemoveStaleEverywhereAsync(CancellationToken ct = default) => MachineSweep.RunAsync(ct);

    internal string DelayLineBinary => Options.DelayLineBinary ?? FindDelayLine()
        ?? throw new InvalidOperationException(
            "The delay line is not built: run ./lab (or src/Network/DelayLine/build.sh), or set LabNetworkOptions.DelayLineBinary.");

    private void RequireDelayLineBinary()
    {
        if (Mechanism == LinkMechanism.DelayLine || Options.DelayLineUse == DelayLineUse.Always)
            _ = DelayLineBinary;
    }

    private static string? FindDelayLine()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Network", "DelayLine", "build", "current", "delay-line");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static async Task RemoveUnlockedAsync(LabNames names, LabState state, CancellationToken ct)
    {
        foreach (var host in state.Hosts)
            await HostAttachment.DetachAsync(names, state, host.Host, ct);
        await Ip.DeleteNamespaceAsync(names.SwitchNamespace, ct);
        state.Clear();
    }

    private static ProcessStamp Owner(LabNetworkOptions options) => options.OwnerPid is { } pid
        ? ProcessStamp.Of(pid) ?? throw new ArgumentException($"OwnerPid {pid} is not a running process.", nameof(options))
        : ProcessStamp.Current();

    private static async Task<bool> ProbeNamespacesAsync()
    {
        if (Libc.geteuid() != 0)
            return false;
        var probe = $"{LabNames.NamespacePrefix}probe-{Environment.ProcessId}";
        if (!await CommandRunner.SucceedsAsync(["ip", "netns", "add", probe]))
            return false;
        return await CommandRunner.SucceedsAsync(["ip", "netns", "del", probe]);
    }
}
