using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using MigrationAspire.AppHost.Infrastructure;
using MigrationAspire.EndToEnd.Tests.Fixture;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.EndToEnd.Tests.Lab;

/// <summary>
/// The app host's hold on its network, on real namespaces but without a lab: a start that times out before the
/// network's own hosted service starts (seen under load: the orchestrator's start was cancelled after 6 minutes)
/// must not leave the namespaces behind.
/// </summary>
public sealed class LabHostNetworkTests
{
    [Fact]
    public async Task A_lab_whose_start_never_reached_its_network_removes_it_when_disposed()
    {
        await WithNetworkAsync((network, directory) =>
        {
            using (new LabHostNetwork(network, null, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), NullLogger<LabHostNetwork>.Instance))
            {
            }
            LabNetworkLeftovers.AssertNone(directory);
        });
    }

    [Fact]
    public async Task A_lab_that_stops_before_its_network_started_removes_it_once()
    {
        await WithNetworkAsync((network, directory) =>
        {
            var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
            var held = new LabHostNetwork(network, null, lifetime, NullLogger<LabHostNetwork>.Instance);
            lifetime.NotifyStopped();
            LabNetworkLeftovers.AssertNone(directory);
            held.Dispose();
        });
    }

    private static async Task WithNetworkAsync(Action<LabNetwork, string> test)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ma-lhn-{Guid.NewGuid():n}"[..15]);
        Directory.CreateDirectory(directory);
        var network = await LabNetwork.CreateAsync(new LabNetworkOptions { LabDirectory = directory }, ["a", "b"]);
        try
        {
            test(network, directory);
        }
        catch
        {
            await network.RemoveAsync();
            throw;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
