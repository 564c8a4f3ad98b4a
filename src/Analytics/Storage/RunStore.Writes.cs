using System.Diagnostics.Metrics;
using DuckDB.NET.Data;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Storage;

/// <summary>
/// Writes go through DuckDB's appender into connection-local staging tables, then into the real tables
/// with one INSERT … SELECT each, whose primary keys skip what is already stored: a run id in runs, a
/// (run id, path) in run_parameters. A parameterized INSERT per run is planned anew on every call
/// (DuckDB.NET keeps no prepared statements) and managed ~200 runs/s; this path is two orders of
/// magnitude faster for batches (bench/README.md), and its cost does not grow with the table.
/// </summary>
public sealed partial class RunStore
{
    private static readonly Counter<long> Stored =
        Telemetry.AnalyticsMeter.CreateCounter<long>("analytics.runs.stored", "{run}", "Finished runs stored");
    private static readonly Counter<long> Duplicates =
        Telemetry.AnalyticsMeter.CreateCounter<long>("analytics.runs.duplicates", "{run}", "Deliveries of runs already stored");

    /// <summary>Created once on the writer connection; temporary tables live as long as it does.</summary>
    private static readonly string[] StagingDdl =
    [
        "CREATE TEMP TABLE IF NOT EXISTS staged_runs AS SELECT * FROM runs LIMIT 0",
        "CREATE TEMP TABLE IF NOT EXISTS staged_parameters AS SELECT * FROM run_parameters LIMIT 0",
    ];

    private static readonly string[] ClearStaging = ["DELETE FROM staged_runs", "DELETE FROM staged_parameters"];

    /// <summary>Stores a finished run; false when a run with its id is already stored (which is left as it was).</summary>
    public async Task<bool> AddAsync(RunRecord run, CancellationToken cancellationToken) =>
        await AddManyAsync([run], cancellationToken) == 1;

    /// <summary>Stores finished runs in one transaction, skipping ids already stored; returns how many were new.</summary>
    public async Task<int> AddManyAsync(IReadOnlyCollection<RunRecord> runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        await _ready.Task.WaitAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var activity = Trace("store runs")?.SetTag("runs.count", runs.Count);
            var writer = Writer();
            // The first delivery of a run id within the batch wins, as across batches.
            Stage(writer, runs.DistinctBy(r => r.Plan.RunId));
            List<(string Status, int Count)> added;
            try
            {
                using var transaction = writer.BeginTransaction();
                added = InsertRuns(writer);
                Execute(writer, "INSERT INTO run_parameters SELECT * FROM staged_parameters ON CONFLICT DO NOTHING");
                transaction.Commit();
            }
            finally
            {
                foreach (var statement in ClearStaging)
                {
                    Execute(writer, statement);
                }
            }

            foreach (var (status, count) in added)
            {
                Stored.Add(count, new KeyValuePair<string, object?>("status", status));
            }

            var total = added.Sum(a => a.Count);
            Duplicates.Add(runs.Count - total);
            return total;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// The runs table's columns in its own order, which the appender must follow: a store upgraded in place has the
    /// columns added since at its end, wherever <see cref="RunColumns.All"/> lists them.
    /// </summary>
    private static IReadOnlyList<RunColumn> TableOrder(DuckDBConnection connection)
    {
        var byName = RunColumns.All.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var order = new List<RunColumn>();
        using var command = Command(connection, "SELECT column_name FROM information_schema.columns WHERE table_name = 'runs' ORDER BY ordinal_position");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            order.Add(byName.TryGetValue(name, out var column) ? column : new RunColumn(name, "", _ => null));
        }

        return order;
    }

    private void Stage(DuckDBConnection writer, IEnumerable<RunRecord> runs)
    {
        using var staged = writer.CreateAppender("staged_runs");
        using var parameters = writer.CreateAppender("staged_parameters");
        foreach (var run in runs)
        {
            var row = staged.CreateRow();
            foreach (var column in _columns)
            {
                Append(row, column.Value(run));
            }

            row.EndRow();
            var position = 0;
            foreach (var parameter in run.Plan.Parameters)
            {
                var value = new ParameterValue(parameter.Value);
                var parameterRow = parameters.CreateRow();
                foreach (var cell in new object?[] { run.Plan.RunId, run.Plan.ExperimentId, position++, parameter.Path, parameter.Value, value.Text, value.Number })
                {
                    Append(parameterRow, cell);
                }

                parameterRow.EndRow();
            }
        }
    }

    /// <summary>Moves the staged runs whose ids are new into the table; how many of each status there were.</summary>
    private static List<(string Status, int Count)> InsertRuns(DuckDBConnection writer)
    {
        using var command = Command(writer, """INSERT INTO runs SELECT * FROM staged_runs ON CONFLICT DO NOTHING RETURNING "status" """);
        using var reader = command.ExecuteReader();
        var statuses = new List<string>();
        while (reader.Read())
        {
            statuses.Add(reader.GetString(0));
        }

        return statuses.CountBy(s => s).Select(p => (p.Key, p.Value)).ToList();
    }

    private static void Append(IDuckDBAppenderRow row, object? value)
    {
        _ = value switch
        {
            null => row.AppendNullValue(),
            string text => row.AppendValue(text),
            int number => row.AppendValue((int?)number),
            double number => row.AppendValue((double?)number),
            bool flag => row.AppendValue((bool?)flag),
            DateTime time => row.AppendValue((DateTime?)time),
            _ => throw new ArgumentException($"No appender for a {value.GetType().Name}.", nameof(value)),
        };
    }
}
