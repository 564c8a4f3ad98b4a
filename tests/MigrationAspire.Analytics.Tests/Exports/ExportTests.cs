using DuckDB.NET.Data;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Exports;

public sealed class ExportTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public ExportTests()
    {
        _fixture.Store.AddManyAsync(
        [
            TestRuns.Completed(TestRuns.Plan("exp", 0, [TestRuns.Mode("precopy"), TestRuns.Memory(256)]), downtimeMs: 40),
            TestRuns.Completed(TestRuns.Plan("exp", 1, [TestRuns.Mode("stopcopy"), TestRuns.Memory(256)]), downtimeMs: 900),
            TestRuns.Failed(TestRuns.Plan("exp", 2, [TestRuns.Mode("precopy"), TestRuns.Memory(512)]), "max-time 30 s: cancel"),
            TestRuns.Completed(TestRuns.Plan("other", 0, [TestRuns.Memory(1024)]), downtimeMs: 1),
        ], TestTimeouts.Token()).WaitAsync(TestTimeouts.Step).GetAwaiter().GetResult();
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Csv_has_one_row_per_run_and_a_column_per_swept_path()
    {
        var file = (await _fixture.Store.ExportAsync("exp", ExportFormat.Csv, TestTimeouts.Token()))!;
        try
        {
            var lines = await File.ReadAllLinesAsync(file, TestTimeouts.Token());

            Assert.Equal(4, lines.Length);
            var header = lines[0].Split(',');
            Assert.Equal(["runId", "experimentId", "runIndex", "repetition", "groupKey", "migration.mode", "vm.memoryMiB", "status"], header[..8]);
            Assert.Contains("failureReason", header);
            Assert.Contains("downtimeMs", header);
            Assert.Contains("transferredBytes", header);
            Assert.Contains("guestObservedDowntimeMs", header);
            var mode = Array.IndexOf(header, "migration.mode");
            var downtime = Array.IndexOf(header, "downtimeMs");
            var rows = lines[1..].Select(l => l.Split(',')).ToList();
            Assert.Equal(["precopy", "stopcopy", "precopy"], rows.Select(r => r[mode]));
            Assert.Equal("900.0", rows[1][downtime]);
            Assert.StartsWith("exp-0002,exp,2,0,", lines[3]);
            // Counts are integers, not the doubles the store keeps; each run says when its migration began.
            var sent = Array.IndexOf(header, "transferredBytes");
            Assert.Equal("100000000", rows[0][sent]);
            Assert.Equal("256", rows[0][Array.IndexOf(header, "vm.memoryMiB")]);
            Assert.True(DateTimeOffset.TryParse(rows[0][Array.IndexOf(header, "startedAt")], System.Globalization.CultureInfo.InvariantCulture, out _), rows[0][Array.IndexOf(header, "startedAt")]);
            Assert.Contains(",failed,migrate,max-time 30 s: cancel,", lines[3]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Parquet_reads_back_in_duckdb_with_typed_parameter_columns_and_failed_runs()
    {
        var file = (await _fixture.Store.ExportAsync("exp", ExportFormat.Parquet, TestTimeouts.Token()))!;
        try
        {
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT "runId", "migration.mode", "vm.memoryMiB", "status", "failureReason", "downtimeMs"
                FROM read_parquet('{file}') ORDER BY "runIndex"
                """;
            using var reader = command.ExecuteReader();
            var rows = new List<(string RunId, string Mode, double Memory, string Status, string? Reason, double? Downtime)>();
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetDouble(5)));
            }

            Assert.Equal(
            [
                ("exp-0000", "precopy", 256, "completed", null, 40),
                ("exp-0001", "stopcopy", 256, "completed", null, 900),
                ("exp-0002", "precopy", 512, "failed", "max-time 30 s: cancel", null),
            ], rows);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Paths_that_need_quoting_become_columns_too()
    {
        await _fixture.Store.AddAsync(
            TestRuns.Completed(TestRuns.Plan("odd", 0, [("workload.\"x'y\"", "\"a,b\"")]), downtimeMs: 1), TestTimeouts.Token());

        var file = (await _fixture.Store.ExportAsync("odd", ExportFormat.Csv, TestTimeouts.Token()))!;
        try
        {
            var text = await File.ReadAllTextAsync(file, TestTimeouts.Token());
            Assert.Contains("\"workload.\"\"x'y\"\"\"", text);
            Assert.Contains("\"a,b\"", text);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
