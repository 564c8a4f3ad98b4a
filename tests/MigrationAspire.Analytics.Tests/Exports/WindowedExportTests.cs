using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Exports;

/// <summary>An export written a few runs at a time holds the same rows, in the same order, as one written at once.</summary>
public sealed class WindowedExportTests : IDisposable
{
    private static readonly int[] Indices = [0, 1, 2, 5, 6, 9, 13, 14];

    private readonly TempDirectory _directory = new();
    private readonly RunStore _windowed;
    private readonly RunStore _whole;

    public WindowedExportTests()
    {
        _windowed = Open("windowed.duckdb", window: 2);
        _whole = Open("whole.duckdb", window: 1_000);
    }

    public void Dispose()
    {
        _windowed.Dispose();
        _whole.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Csv_written_two_runs_at_a_time_is_byte_for_byte_the_csv_written_at_once()
    {
        var windowed = await ExportAsync(_windowed, ExportFormat.Csv);
        var whole = await ExportAsync(_whole, ExportFormat.Csv);

        Assert.Equal(whole, windowed);
        var lines = System.Text.Encoding.UTF8.GetString(windowed).TrimEnd('\n').Split('\n');
        Assert.Equal(Indices.Length + 1, lines.Length);
        Assert.Single(lines, l => l.StartsWith("runId,", StringComparison.Ordinal));
        Assert.Equal(Indices.Select(i => RunPlan.MakeRunId("exp", i)), lines[1..].Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Parquet_written_two_runs_at_a_time_reads_back_as_the_parquet_written_at_once()
    {
        var windowed = Rows(await ExportAsync(_windowed, ExportFormat.Parquet));
        var whole = Rows(await ExportAsync(_whole, ExportFormat.Parquet));

        Assert.Equal(whole, windowed);
        Assert.Equal(Indices.Select(i => RunPlan.MakeRunId("exp", i)), windowed.Select(r => r[0]));
    }

    [Fact]
    public async Task An_experiment_without_runs_writes_nothing_and_says_so()
    {
        using var output = new MemoryStream();

        Assert.False(await _windowed.ExportToAsync("nope", ExportFormat.Csv, output, TestTimeouts.Token()));
        Assert.Equal(0, output.Length);
    }

    private RunStore Open(string name, int window)
    {
        var options = Options.Create(new AnalyticsOptions { DatabasePath = _directory.File(name), ExportWindowRuns = window });
        var store = new RunStore(options, NullLogger<RunStore>.Instance);
        store.Initialize();
        // Stored out of run order, as runs finishing on several hosts arrive, with another experiment in between.
        var runs = Indices.Reverse().Select(i => i % 5 == 0
                ? TestRuns.Failed(TestRuns.Plan("exp", i, [TestRuns.Mode("precopy"), ("workload.\"x'y\"", "\"a,b\"")]), "max-time 30 s: cancel")
                : TestRuns.Completed(TestRuns.Plan("exp", i, [TestRuns.Mode(i % 2 == 0 ? "precopy" : "stopcopy"), TestRuns.Memory(256 * i)]), downtimeMs: 10.5 * i))
            .Append(TestRuns.Completed(TestRuns.Plan("other", 3, [TestRuns.Memory(1024)]), downtimeMs: 1))
            .ToArray();
        store.AddManyAsync(runs, TestTimeouts.Token()).WaitAsync(TestTimeouts.Step).GetAwaiter().GetResult();
        return store;
    }

    private static async Task<byte[]> ExportAsync(RunStore store, ExportFormat format)
    {
        using var output = new MemoryStream();
        Assert.True(await store.ExportToAsync("exp", format, output, TestTimeouts.Token()));
        return output.ToArray();
    }

    /// <summary>Every row of a Parquet file in file order, each value as text (null as null).</summary>
    private List<string?[]> Rows(byte[] parquet)
    {
        var file = _directory.File($"{Guid.NewGuid():N}.parquet");
        File.WriteAllBytes(file, parquet);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{file}')";
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }

        return rows;
    }
}
