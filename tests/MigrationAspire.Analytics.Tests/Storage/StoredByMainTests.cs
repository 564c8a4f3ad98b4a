using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Storage;

/// <summary>A store written by an earlier analytics (see StoredByMain/README.md) opens, reads and takes new runs.</summary>
public sealed class StoredByMainTests : IDisposable
{
    private const string Experiment = "exp-0ld5chema";
    private readonly TempDirectory _directory = new();
    private readonly RunStore _store;

    public StoredByMainTests()
    {
        var path = _directory.File("analytics.duckdb");
        using (var packed = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Storage", "StoredByMain", "analytics-main.duckdb.gz")))
        using (var gzip = new GZipStream(packed, CompressionMode.Decompress))
        using (var file = File.Create(path))
        {
            gzip.CopyTo(file);
        }

        _store = Open(path);
    }

    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Runs_stored_under_former_names_read_with_the_current_ones()
    {
        var runs = await _store.ListRunsAsync(Experiment, TestTimeouts.Token());

        Assert.Equal(6, runs.Count);
        var first = runs[0];
        Assert.Equal((RunStatus.Completed, 3L, 3), (first.Status, first.Result!.Passes, first.Result.PassHistory.Count));
        Assert.Equal(4_000_000, first.Result.PassHistory[1].RemainingBytes);
        Assert.Equal(30, first.Plan.Migration.MaxPasses);
        Assert.Equal((RunStatus.Failed, (RunStep?)RunStep.Migrate), (runs[4].Status, runs[4].FailedStep));
        Assert.Equal((RunStatus.Cancelled, (RunStep?)RunStep.Pending), (runs[5].Status, runs[5].FailedStep));
    }

    [Fact]
    public async Task The_pass_count_column_keeps_its_values_under_its_new_name()
    {
        var groups = await _store.LoadGroupsAsync(Experiment, TestTimeouts.Token());

        Assert.Equal([[3.0, 3.0], [3.0, 3.0]], groups.Select(g => g.Values["passes"]));
        var csv = (await _store.ExportAsync(Experiment, ExportFormat.Csv, TestTimeouts.Token()))!;
        var header = (await File.ReadAllLinesAsync(csv, TestTimeouts.Token()))[0].Split(',');
        File.Delete(csv);
        Assert.Contains("passes", header);
        Assert.DoesNotContain("iterations", header);
    }

    [Fact]
    public async Task The_upgraded_store_takes_new_runs_and_opens_again()
    {
        var plan = TestRuns.Plan(Experiment, 6, [TestRuns.Mode("precopy")]);
        Assert.True(await _store.AddAsync(TestRuns.Completed(plan, downtimeMs: 45), TestTimeouts.Token()));
        _store.Dispose();

        using var reopened = Open(_directory.File("analytics.duckdb"));

        var runs = await reopened.ListRunsAsync(Experiment, TestTimeouts.Token());
        Assert.Equal(7, runs.Count);
        Assert.Equal(45, runs[6].Result!.DowntimeMs);
    }

    private static RunStore Open(string path)
    {
        var store = new RunStore(Microsoft.Extensions.Options.Options.Create(new AnalyticsOptions { DatabasePath = path }), NullLogger<RunStore>.Instance);
        store.Initialize();
        return store;
    }
}
