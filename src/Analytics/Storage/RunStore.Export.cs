using System.Text;

namespace MigrationAspire.Analytics.Storage;

public enum ExportFormat
{
    Csv,
    Parquet,
}

public sealed partial class RunStore
{
    private const string PathsSql = """
        SELECT "path", bool_and("number" IS NOT NULL), bool_and("number" IS NOT NULL AND "number" = trunc("number")) FROM run_parameters
        WHERE "experimentId" = ? GROUP BY "path" ORDER BY min("position"), "path"
        """;

    private const string IndexRangeSql = """SELECT count(*), min("runIndex"), max("runIndex") FROM runs WHERE "experimentId" = ?""";

    /// <summary>
    /// Writes every run of an experiment, failed ones included, one row per run, to a new temporary file
    /// and returns its path; null when no run of the experiment is stored. Each swept path becomes a
    /// column named by the path, numeric when all its values are numbers. The caller deletes the file.
    /// </summary>
    public async Task<string?> ExportAsync(string experimentId, ExportFormat format, CancellationToken cancellationToken)
    {
        var file = TempFile(format.ToString().ToLowerInvariant());
        try
        {
            bool found;
            await using (var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                found = await ExportToAsync(experimentId, format, output, cancellationToken);
            }

            if (found)
            {
                return file;
            }
        }
        catch
        {
            File.Delete(file);
            throw;
        }

        File.Delete(file);
        return null;
    }

    /// <summary>
    /// <see cref="ExportAsync"/> into <paramref name="output"/>, as the runs arrive from the store: false, having
    /// written nothing, when no run of the experiment is stored.
    /// </summary>
    /// <remarks>
    /// The runs go out <see cref="AnalyticsOptions.ExportWindowRuns"/> run indices at a time, each window sorted on
    /// its own, so neither DuckDB nor this process ever sorts or holds the whole experiment: CSV windows are appended
    /// to the output as they are written (the header once); Parquet windows fill a table in a scratch database
    /// file, which one plain scan, in insertion order, then writes out.
    /// </remarks>
    public async Task<bool> ExportToAsync(string experimentId, ExportFormat format, Stream output, CancellationToken cancellationToken)
    {
        using var connection = await ConnectAsync(cancellationToken);
        using var activity = Trace("export runs", experimentId)?.SetTag("export.format", format.ToString());
        long count, first, last;
        using (var range = Command(connection, IndexRangeSql, experimentId))
        using (var reader = range.ExecuteReader())
        {
            reader.Read();
            count = Convert.ToInt64(reader.GetValue(0));
            if (count == 0)
            {
                return false;
            }

            (first, last) = (Convert.ToInt64(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2)));
        }

        var paths = new List<(string Path, bool Numeric, bool Integer)>();
        using (var command = Command(connection, PathsSql, experimentId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                paths.Add((reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2)));
            }
        }

        var windows = Windows(first, last, _exportWindow).Select(w => ExportQuery(experimentId, paths, w.From, w.To)).ToList();
        if (format == ExportFormat.Csv)
        {
            await CsvAsync(connection, windows, output, cancellationToken);
        }
        else
        {
            await ParquetAsync(connection, windows, output, cancellationToken);
        }

        return true;
    }

    private static IEnumerable<(long From, long To)> Windows(long first, long last, int window)
    {
        for (var from = first; from <= last; from += window)
        {
            yield return (from, Math.Min(from + window - 1, last));
        }
    }

    private static async Task CsvAsync(DuckDB.NET.Data.DuckDBConnection connection, IReadOnlyList<string> windows, Stream output, CancellationToken cancellationToken)
    {
        var file = TempFile("csv");
        try
        {
            for (var i = 0; i < windows.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // COPY takes no prepared parameters, so the experiment id and paths go in as escaped literals.
                Execute(connection, $"COPY ({windows[i]}) TO {Sql.Literal(file)} (FORMAT CSV, HEADER {(i == 0 ? "true" : "false")})");
                await using (var part = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous))
                {
                    await part.CopyToAsync(output, cancellationToken);
                }
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task ParquetAsync(DuckDB.NET.Data.DuckDBConnection connection, IReadOnlyList<string> windows, Stream output, CancellationToken cancellationToken)
    {
        var scratch = TempFile("duckdb");
        var file = TempFile("parquet");
        var alias = $"export_{Guid.NewGuid():N}";
        Execute(connection, $"ATTACH {Sql.Literal(scratch)} AS {alias}");
        try
        {
            Execute(connection, $"CREATE TABLE {alias}.rows AS {windows[0]}");
            foreach (var query in windows.Skip(1))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Execute(connection, $"INSERT INTO {alias}.rows {query}");
            }

            Execute(connection, $"COPY (SELECT * FROM {alias}.rows) TO {Sql.Literal(file)} (FORMAT PARQUET)");
            await using var parquet = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
            await parquet.CopyToAsync(output, cancellationToken);
        }
        finally
        {
            Execute(connection, $"DETACH {alias}");
            File.Delete(scratch);
            File.Delete(scratch + ".wal");
            File.Delete(file);
        }
    }

    private static string TempFile(string extension) =>
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"analytics-{Guid.NewGuid():N}.{extension}");

    /// <summary>
    /// Metrics that are counts (bytes, pages, passes) are exported as integers, not as the doubles the store keeps
    /// them in (256, not 256.0); which ones are is read off the result record, so a new field needs no list kept.
    /// </summary>
    private static string MetricColumn(RunColumn column) =>
        typeof(Contracts.MigrationResult).GetProperty(column.Name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)?.PropertyType is { } type
            && (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(long) || t == typeof(int))
            ? $"TRY_CAST(r.{column.Quoted} AS BIGINT) AS {column.Quoted}"
            : $"r.{column.Quoted}";

    private static string ExportQuery(string experimentId, IReadOnlyList<(string Path, bool Numeric, bool Integer)> paths, long from, long to)
    {
        var select = new List<string>();
        var joins = new StringBuilder();
        foreach (var column in RunColumns.Descriptive)
        {
            if (column.Name == "finishedAt")
            {
                // When the migration began, so that durations and order can be rebuilt from the export.
                select.Add("""CAST(json_extract_string(r."result", '$.startedAt') AS VARCHAR) AS "startedAt" """);
            }

            select.Add($"r.{column.Quoted}");
            if (column.Name != "groupKey")
            {
                continue;
            }

            // The swept values right after the group they make up. Each join reads only the window's parameters:
            // joined with all of them, every window probed the experiment's whole parameter table.
            var window = $"""SELECT "runId" FROM runs WHERE "experimentId" = {Sql.Literal(experimentId)} AND "runIndex" BETWEEN {from} AND {to}""";
            for (var i = 0; i < paths.Count; i++)
            {
                var value = paths[i] switch
                {
                    { Integer: true } => $"TRY_CAST(p{i}.\"number\" AS BIGINT)",
                    { Numeric: true } => $"p{i}.\"number\"",
                    _ => $"p{i}.\"text\"",
                };
                select.Add($"{value} AS {Sql.Identifier(paths[i].Path)}");
                joins.Append($""" LEFT JOIN (SELECT * FROM run_parameters WHERE "path" = {Sql.Literal(paths[i].Path)} AND "runId" IN ({window})) p{i} ON p{i}."runId" = r."runId" """);
            }
        }

        select.AddRange(RunColumns.Metrics.Select(MetricColumn));
        return $"""SELECT {string.Join(", ", select)} FROM runs r{joins} WHERE r."experimentId" = {Sql.Literal(experimentId)} AND r."runIndex" BETWEEN {from} AND {to} ORDER BY r."runIndex" """;
    }
}
