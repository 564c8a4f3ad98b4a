using MigrationAspire.Network.Links;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.Network.Tests.Support;

/// <summary>A lab network of the tests' own, in a temporary lab directory; disposing it removes it and checks
/// that nothing of it is left on the machine.</summary>
public sealed class TestLab : IAsyncDisposable
{
    private TestLab(string directory, LabNetwork network)
    {
        Directory = directory;
        Network = network;
    }

    public string Directory { get; }
    public LabNetwork Network { get; }
    public HostLink this[string host] => Network.Host(host);

    public static string NewDirectory() =>
        System.IO.Directory.CreateTempSubdirectory("malab-test-").FullName;

    public static async Task<TestLab> CreateAsync(params string[] hosts) => await CreateAsync(NewDirectory(), hosts);

    public static async Task<TestLab> CreateAsync(string directory, string[] hosts, Func<LabNetworkOptions, LabNetworkOptions>? configure = null)
    {
        var options = new LabNetworkOptions { LabDirectory = directory, DelayLineBinary = await Repository.DelayLineAsync() };
        return new TestLab(directory, await LabNetwork.CreateAsync(configure?.Invoke(options) ?? options, hosts));
    }

    public async ValueTask DisposeAsync()
    {
        await Network.RemoveAsync();
        Assert.Empty(await Leftovers.OfAsync(Network.Names));
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
