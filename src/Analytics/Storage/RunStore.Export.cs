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
        SELECT "path", bool_and("number" IS NOT NULL) FROM run_parameters
        WHERE "experimentId" = ? GROUP BY "path" ORDER BY min("position"), "path"
        """;

    /// <summary>
    /// Writes every run of an experiment, failed ones included, one row per run, to a new temporary file
    /// and returns its path; null when no run of the experiment is stored. Each swept path becomes a
    /// column named by the path, numeric when all its values are numbers. The caller deletes the file.
    /// </summary>
    public async Task<string?> ExportAsync(string experimentId, ExportFormat format, CancellationToken cancellationToken)
    {
        using var connection = await ConnectAsync(cancellationToken);
        using var activity = Trace("export runs", experimentId)?.SetTag("export.format", format.ToString());
        using (var exists = Command(connection, """SELECT count(*) FROM runs WHERE "experimentId" = ?""", experimentId))
        {
            if (Convert.ToInt64(exists.ExecuteScalar()) == 0)
            {
                return null;
            }
        }

        var paths = new List<(string Path, bool Numeric)>();
        using (var command = Command(connection, PathsSql, experimentId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                paths.Add((reader.GetString(0), reader.GetBoolean(1)));
            }
        }

        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"analytics-{Guid.NewGuid():N}.{format.ToString().ToLowerInvariant()}");
        var options = format == ExportFormat.Csv ? "FORMAT CSV, HEADER" : "FORMAT PARQUET";
        // COPY takes no prepared parameters, so the experiment id and paths go in as escaped literals.
        try
        {
            using var copy = Command(connection, $"COPY ({ExportQuery(experimentId, paths)}) TO {Sql.Literal(file)} ({options})");
            copy.ExecuteNonQuery();
            return file;
        }
        catch
        {
            File.Delete(file);
            throw;
        }
    }

    private static string ExportQuery(string experimentId, IReadOnlyList<(string Path, bool Numeric)> paths)
    {
        var select = new List<string>();
        var joins = new StringBuilder();
        foreach (var column in RunColumns.Descriptive)
        {
            select.Add($"r.{column.Quoted}");
            if (column.Name != "groupKey")
            {
                continue;
            }

            // The swept values right after the group they make up.
            for (var i = 0; i < paths.Count; i++)
            {
                select.Add($"p{i}.{(paths[i].Numeric ? "\"number\"" : "\"text\"")} AS {Sql.Identifier(paths[i].Path)}");
                joins.Append($""" LEFT JOIN run_parameters p{i} ON p{i}."runId" = r."runId" AND p{i}."path" = {Sql.Literal(paths[i].Path)}""");
            }
        }

        select.AddRange(RunColumns.Metrics.Select(c => $"r.{c.Quoted}"));
        return $"""SELECT {string.Join(", ", select)} FROM runs r{joins} WHERE r."experimentId" = {Sql.Literal(experimentId)} ORDER BY r."runIndex" """;
    }
}
