using System.Net;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.AppHost.Infrastructure;

/// <summary>
/// The lab's own network (docs/network.md): one namespace per executor host on a private bridge, created before
/// the executors start (stale namespaces of any lab on the machine that was killed go first: every end-to-end run
/// is a lab of its own), removed when the app host has stopped. <c>Lab:Network</c> = <c>auto</c> (namespaces when this process can make them, else loopback),
/// <c>netns</c> (fail without them) or <c>loopback</c>.
/// </summary>
/// <param name="startSweep">What the start's sweep of every lab's stale network did; null on loopback.</param>
public sealed class LabHostNetwork : IHostedService, IDisposable
{
    private readonly MachineCleanup? startSweep;
    private readonly ILogger<LabHostNetwork> logger;
    private int removed;

    public LabHostNetwork(LabNetwork? network, MachineCleanup? startSweep, IHostApplicationLifetime lifetime, ILogger<LabHostNetwork> logger)
    {
        (Network, this.startSweep, this.logger) = (network, startSweep, logger);
        // Registered before any hosted service starts: a start that fails (or times out) before ours still stops the
        // application, and its network must go then too. After every resource has stopped, not before: removing a
        // namespace kills what still runs inside it.
        if (network is not null)
            lifetime.ApplicationStopped.Register(Remove);
    }

    /// <summary>Null on loopback.</summary>
    public LabNetwork? Network { get; }

    /// <summary>The host's address on the lab network; null on loopback.</summary>
    public static IPAddress? AddressOf(LabNetwork? network, string host) => network?.Host(host).Address;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogSweep();
        if (Network is { } lab)
        {
            logger.LogInformation("Lab network {LabId}: subnet {Subnet}, hosts {Hosts}, delays by {Mechanism}",
                lab.Names.LabId, lab.Subnet, string.Join(", ", lab.Hosts.Select(h => $"{h.Host}={h.Address}")), lab.Mechanism);
        }
        else
        {
            logger.LogInformation("Lab network: loopback (no namespaces)");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>When the application never stopped (a host that failed to start may skip that), its disposal removes the network.</summary>
    public void Dispose() => Remove();

    private void LogSweep()
    {
        if (startSweep is null)
            return;
        if (startSweep.Removed.Count > 0)
            logger.LogInformation("Stale lab networks removed at start: {Namespaces} (labs {Labs})", string.Join(", ", startSweep.Removed),
                string.Join(", ", startSweep.Labs.Where(l => l.Namespaces.Removed.Count > 0).Select(l => l.LabId)));
        foreach (var failed in startSweep.Labs.Where(l => l.Outcome == LabSweepOutcome.Failed))
            logger.LogWarning("Stale lab network {LabId} left for the next start: {Reason}", failed.LabId, failed.Reason);
    }

    private void Remove()
    {
        if (Network is null || Interlocked.Exchange(ref removed, 1) == 1)
            return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Network.RemoveAsync(timeout.Token).GetAwaiter().GetResult();
            logger.LogInformation("Lab network {LabId} removed", Network.Names.LabId);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException or MigrationAspire.Network.Commands.CommandFailedException)
        {
            logger.LogError("Lab network {LabId} not fully removed (the next start removes it as stale): {Reason}", Network.Names.LabId, e.Message);
        }
    }
}

public static class LabNetworkExtensions
{
    /// <summary>Creates the network for <paramref name="hosts"/> and removes it when the app host stops; null on loopback.</summary>
    public static async Task<LabNetwork?> AddLabNetworkAsync(this IDistributedApplicationBuilder builder, LabPaths paths, IReadOnlyList<string> hosts)
    {
        var (network, sweep) = await CreateAsync(builder, paths, hosts);
        builder.Services.AddHostedService(services => new LabHostNetwork(
            network, sweep, services.GetRequiredService<IHostApplicationLifetime>(), services.GetRequiredService<ILogger<LabHostNetwork>>()));
        return network;
    }

    private static async Task<(LabNetwork?, MachineCleanup?)> CreateAsync(IDistributedApplicationBuilder builder, LabPaths paths, IReadOnlyList<string> hosts)
    {
        var choice = builder.Configuration["Lab:Network"] ?? "auto";
        if (choice is not ("auto" or "netns" or "loopback"))
            throw new InvalidOperationException($"Lab:Network must be auto, netns or loopback, not '{choice}'.");
        if (builder.ExecutionContext.IsPublishMode || choice == "loopback")
            return (null, null);
        if (!await LabNetwork.CanCreateNamespacesAsync())
            return choice == "netns"
                ? throw new InvalidOperationException("Lab:Network is netns, but this process cannot create network namespaces (it needs root and ip netns).")
                : (null, null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        // Every lab's, not only this one's: a killed test lab's directory never starts again. Live labs are skipped at once.
        var sweep = await LabNetwork.RemoveStaleEverywhereAsync(timeout.Token);
        return (await LabNetwork.CreateAsync(new LabNetworkOptions { LabDirectory = paths.LabDirectory }, hosts, timeout.Token), sweep);
    }
}
