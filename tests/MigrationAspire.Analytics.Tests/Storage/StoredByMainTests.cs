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
    public async Task Downtime_stored_with_two_meanings_becomes_qemu_s_figure_and_the_lab_s_pause_a_column_of_its_own()
    {
        var runs = await _store.ListRunsAsync(Experiment, TestTimeouts.Token());
        var groups = await _store.LoadGroupsAsync(Experiment, TestTimeouts.Token());

        // The column and the document agree: both hold QEMU's figure now.
        Assert.Equal(runs.Where(r => r.Status == RunStatus.Completed).Select(r => r.Result!.DowntimeMs!.Value).Order(),
            groups.SelectMany(g => g.Values["downtimeMs"]).Order());
        var csv = (await _store.ExportAsync(Experiment, ExportFormat.Csv, TestTimeouts.Token()))!;
        var header = (await File.ReadAllLinesAsync(csv, TestTimeouts.Token()))[0].Split(',');
        File.Delete(csv);
        Assert.Contains("hostPauseMs", header);
        Assert.DoesNotContain("qemuDowntimeMs", header);
    }

    [Theory]
    [InlineData("""{"mode":"stopcopy","downtimeMs":2150.5,"qemuDowntimeMs":7}""", 7.0, 2150.5)]
    [InlineData("""{"mode":"precopy","downtimeMs":42,"qemuDowntimeMs":42}""", 42.0, null)]
    [InlineData("""{"Mode":"Stopcopy","DowntimeMs":900,"QemuDowntimeMs":6}""", 6.0, 900.0)]
    public void A_result_stored_before_the_split_reads_qemu_s_downtime_and_the_lab_s_pause(string stored, double downtime, double? hostPause)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(stored)!.AsObject();
        var template = System.Text.Json.JsonSerializer.SerializeToNode(TestRuns.Result(MigrationMode.Precopy, 1), StoreJson.Options)!.AsObject();
        foreach (var (key, value) in json)
        {
            template.Remove(char.ToLowerInvariant(key[0]) + key[1..]);
            template[key] = value?.DeepClone();
        }

        var result = System.Text.Json.JsonSerializer.Deserialize<MigrationResult>(template.ToJsonString(), StoreJson.Options)!;

        Assert.Equal((downtime, hostPause), (result.DowntimeMs!.Value, result.HostPauseMs));
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
