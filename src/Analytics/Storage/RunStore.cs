using System.Diagnostics;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Analytics.Storage;

/// <summary>
/// Finished runs in an embedded DuckDB file. One connection stays open for the store's lifetime so the
/// database stays loaded (DuckDB.NET shares one database instance among a process's connections to a
/// file); each read opens a connection of its own, because a connection must not be shared between
/// threads. Writes are serialized on one writer connection: DuckDB has one writer anyway, this keeps two
/// deliveries of the same run from racing each other, and the writer keeps its staging tables.
/// </summary>
public sealed partial class RunStore(IOptions<AnalyticsOptions> options, ILogger<RunStore> logger) : IDisposable
{
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _openLock = new();
    private DuckDBConnection? _anchor;
    private DuckDBConnection? _writer;
    private IReadOnlyList<RunColumn> _columns = RunColumns.All;
    private readonly int _exportWindow = options.Value.ExportWindowRuns;

    public string DatabasePath { get; } = Path.GetFullPath(options.Value.DatabasePath);

    private string ConnectionString => $"Data Source={DatabasePath}";

    /// <summary>True once the database is open and its schema exists.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Opens the database and creates the schema; safe to call again after a failure or success.</summary>
    public void Initialize()
    {
        lock (_openLock)
        {
            if (_anchor is not null)
            {
                return;
            }

            using var activity = Telemetry.Analytics.StartActivity("open run store");
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            var anchor = new DuckDBConnection(ConnectionString);
            var writer = new DuckDBConnection(ConnectionString);
            try
            {
                anchor.Open();
                RenameFormerColumns(anchor);
                SplitFormerDowntime(anchor);
                foreach (var statement in RunColumns.Ddl().Append(ExperimentsDdl).Append(RunColumns.OutcomeOfNoResultSql))
                {
                    Execute(anchor, statement);
                }

                _columns = TableOrder(anchor);
                writer.Open();
                foreach (var statement in StagingDdl)
                {
                    Execute(writer, statement);
                }
            }
            catch
            {
                writer.Dispose();
                anchor.Dispose();
                throw;
            }

            (_anchor, _writer) = (anchor, writer);
            _ready.TrySetResult();
            logger.LogInformation("Run store open at {Path}", DatabasePath);
        }
    }

    private void SplitFormerDowntime(DuckDBConnection connection)
    {
        using var exists = Command(connection, RunColumns.ColumnExistsSql, RunColumns.FormerDowntimeColumn);
        if (Convert.ToInt64(exists.ExecuteScalar()) == 0)
        {
            return;
        }

        foreach (var statement in RunColumns.SplitFormerDowntimeSql())
        {
            Execute(connection, statement);
        }

        logger.LogInformation("Run store at {Path}: downtimeMs is now QEMU's figure, the lab's pause hostPauseMs", DatabasePath);
    }

    /// <summary>A store written before a column was renamed gets the new name, its data untouched.</summary>
    private void RenameFormerColumns(DuckDBConnection connection)
    {
        foreach (var (from, to) in RunColumns.Renamed)
        {
            using var exists = Command(connection, RunColumns.ColumnExistsSql, from);
            if (Convert.ToInt64(exists.ExecuteScalar()) == 0)
            {
                continue;
            }

            Execute(connection, RunColumns.RenameSql(from, to));
            logger.LogInformation("Run store at {Path}: column {From} renamed to {To}", DatabasePath, from, to);
        }
    }

    /// <summary>A connection of its own for one operation, once the store is ready.</summary>
    private async Task<DuckDBConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        await _ready.Task.WaitAsync(cancellationToken);
        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_anchor is null, this);
        }

        var connection = new DuckDBConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>The writer connection; only ever used under the write lock.</summary>
    private DuckDBConnection Writer()
    {
        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_writer is null, this);
            return _writer;
        }
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static DuckDBCommand Command(DuckDBConnection connection, string sql, params object?[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in values)
        {
            command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
        }

        return command;
    }

    public void Dispose()
    {
        // A write in progress finishes first: closing the writer under its transaction is not safe.
        // The lock is not disposed, so a write that comes later fails with ObjectDisposedException.
        var idle = _writeLock.Wait(DisposeTimeout);
        try
        {
            lock (_openLock)
            {
                _writer?.Dispose();
                _writer = null;
                _anchor?.Dispose();
                _anchor = null;
            }
        }
        finally
        {
            if (idle)
            {
                _writeLock.Release();
            }
        }
    }

    private static Activity? Trace(string name, string? experimentId = null) =>
        Telemetry.Analytics.StartActivity(name)?.SetTag("experiment.id", experimentId);
}
