namespace MigrationAspire.Network.Tests.Support;

/// <summary>Hosts a and b on one lab network, shared by the tests that only change links (each resets what it set).</summary>
public sealed class SharedLab : IAsyncLifetime
{
    public TestLab Lab { get; private set; } = null!;

    public async Task InitializeAsync() => Lab = await TestLab.CreateAsync("a", "b");

    public async Task DisposeAsync() => await Lab.DisposeAsync();

    /// <summary>What every test that changes links does when it ends.</summary>
    public async Task ResetLinksAsync()
    {
        foreach (var host in Lab.Network.Hosts)
            await host.ResetAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedLabCollection : ICollectionFixture<SharedLab>
{
    public const string Name = "shared lab";
}
