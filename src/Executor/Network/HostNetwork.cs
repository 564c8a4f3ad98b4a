using MigrationAspire.Contracts;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Network.Links;
using MigrationAspire.Network.Topology;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Network;

/// <summary>
/// This host's place on the lab network: its namespace (its QEMUs run inside it) and its link, or loopback
/// when the app host could not make namespaces. The executor itself stays in the machine's namespace: QMP and
/// consoles are Unix sockets.
/// </summary>
public sealed class HostNetwork(IOptions<ExecutorOptions> options)
{
    private LabNetwork? lab;

    /// <summary>Null until <see cref="JoinAsync"/>.</summary>
    public NetworkKind? Kind { get; private set; }

    /// <summary>This host's link; null on loopback.</summary>
    public HostLink? Link { get; private set; }

    /// <summary>Put before QEMU's argv: runs it inside this host's namespace (empty on loopback).</summary>
    public IReadOnlyList<string> CommandPrefix => Link?.CommandPrefix ?? [];

    /// <exception cref="InvalidOperationException">The network is not running, or this host's address is not the one configured.</exception>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Network.LabDirectory is not { } directory)
        {
            Kind = NetworkKind.Loopback;
            return;
        }
        lab = await LabNetwork.OpenAsync(new LabNetworkOptions { LabDirectory = directory }, cancellationToken);
        var link = lab.Host(settings.HostName);
        if (link.Address.ToString() != settings.MigrationAddress)
            throw new InvalidOperationException(
                $"Host {settings.HostName} has address {link.Address} on the lab network, but Executor:MigrationAddress is {settings.MigrationAddress}.");
        Link = link;
        Kind = NetworkKind.Netns;
    }

    /// <summary>Another host's link on the same network (for round trips to it).</summary>
    public HostLink Peer(string host) => lab?.Host(host)
        ?? throw new InvalidOperationException("this host is on loopback: it has no peers on a lab network");
}
