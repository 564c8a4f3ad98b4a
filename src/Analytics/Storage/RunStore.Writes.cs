using System.Diagnostics.Metrics;
using DuckDB.NET.Data;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Storage;

public sealed partial class RunStore
{
    private static readonly Counter<long> Stored =
        Telemetry.AnalyticsMeter.CreateCounter<long>("analytics.runs.stored", "{run}", "Finished runs stored");
    private static readonly Counter<long> Duplicates =
        Telemetry.AnalyticsMeter.CreateCounter<long>("analytics.runs.duplicates", "{run}", "Deliveries of runs already stored");

    /// <summary>Stores a finished run; false when a run with its id is already stored (which is left as it was).</summary>
    public async Task<bool> AddAsync(RunFinished run, CancellationToken cancellationToken) =>
        await AddManyAsync([run], cancellationToken) == 1;

    /// <summary>Stores finished runs in one transaction, skipping ids already stored; returns how many were new.</summary>
    public async Task<int> AddManyAsync(IReadOnlyCollection<RunFinished> runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        using var connection = await ConnectAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var activity = Trace("store runs")?.SetTag("runs.count", runs.Count);
            using var transaction = connection.BeginTransaction();
            using var insertRun = Command(connection, RunColumns.InsertRun);
            var runValues = RunColumns.All.Select(_ => Parameter(insertRun)).ToArray();
            using var insertParameter = Command(connection, RunColumns.InsertParameter);
            var parameterValues = Enumerable.Range(0, 7).Select(_ => Parameter(insertParameter)).ToArray();

            var added = 0;
            foreach (var run in runs)
            {
                for (var i = 0; i < runValues.Length; i++)
                {
                    runValues[i].Value = RunColumns.All[i].Value(run) ?? DBNull.Value;
                }

                // ON CONFLICT DO NOTHING reports no row for a run id that is already there.
                if (insertRun.ExecuteNonQuery() == 0)
                {
                    Duplicates.Add(1);
                    continue;
                }

                added++;
                Stored.Add(1, new KeyValuePair<string, object?>("status", StoreJson.Name(run.Status)));
                var position = 0;
                foreach (var parameter in run.Plan.Parameters)
                {
                    var value = new ParameterValue(parameter.Value);
                    object?[] row = [run.Plan.RunId, run.Plan.ExperimentId, position++, parameter.Path, parameter.Value, value.Text, value.Number];
                    for (var i = 0; i < row.Length; i++)
                    {
                        parameterValues[i].Value = row[i] ?? DBNull.Value;
                    }

                    insertParameter.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            return added;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static DuckDBParameter Parameter(DuckDBCommand command)
    {
        var parameter = new DuckDBParameter();
        command.Parameters.Add(parameter);
        return parameter;
    }
}
