using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MigrationAspire.Analytics.Storage;

namespace MigrationAspire.Analytics.Tests.Support;

/// <summary>An open run store in a temp directory of its own, removed on dispose.</summary>
internal sealed class StoreFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public StoreFixture()
    {
        Store = Open();
    }

    public RunStore Store { get; private set; }

    public string DatabasePath => _directory.File("analytics.duckdb");

    public string TempFile(string name) => _directory.File(name);

    public IOptions<AnalyticsOptions> Options => Microsoft.Extensions.Options.Options.Create(
        new AnalyticsOptions { DatabasePath = DatabasePath });

    /// <summary>Closes the store and opens the same file again, as a restarted service would.</summary>
    public RunStore Reopen()
    {
        Store.Dispose();
        Store = Open();
        return Store;
    }

    private RunStore Open()
    {
        var store = new RunStore(Options, NullLogger<RunStore>.Instance);
        store.Initialize();
        return store;
    }

    public void Dispose()
    {
        Store.Dispose();
        _directory.Dispose();
    }
}
