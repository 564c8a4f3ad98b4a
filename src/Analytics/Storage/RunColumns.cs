using System.Text.Json;
using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Storage;

/// <summary>One column of the <c>runs</c> table and how a finished run fills it.</summary>
internal sealed record RunColumn(string Name, string SqlType, Func<RunRecord, object?> Value)
{
    public string Quoted => Sql.Identifier(Name);
}

/// <summary>
/// The layout of the store. Column names are the public field names, so exports need no renaming.
/// A run's parameters are also kept one row per swept path (<c>run_parameters</c>), which is what lets
/// exports give every swept path a column of its own.
/// </summary>
internal static class RunColumns
{
    public static IReadOnlyList<RunColumn> Descriptive { get; } =
    [
        new("runId", "VARCHAR PRIMARY KEY", r => r.Plan.RunId),
        new("experimentId", "VARCHAR NOT NULL", r => r.Plan.ExperimentId),
        new("runIndex", "INTEGER NOT NULL", r => r.Plan.Index),
        new("repetition", "INTEGER NOT NULL", r => r.Plan.Repetition),
        new("groupKey", "VARCHAR NOT NULL", r => r.Plan.GroupKey),
        new("status", "VARCHAR NOT NULL", r => StoreJson.Name(r.Status)),
        new("failedStep", "VARCHAR", r => r.FailedStep is { } step ? StoreJson.Name(step) : null),
        new("failureReason", "VARCHAR", r => r.FailureReason),
        new("limitReached", "VARCHAR", r => r.Result?.LimitReached),
        new("mode", "VARCHAR NOT NULL", r => StoreJson.Name(r.Plan.Migration.Mode)),
        new("sourceHost", "VARCHAR NOT NULL", r => r.SourceHost ?? ""),
        new("destinationHost", "VARCHAR NOT NULL", r => r.DestinationHost ?? ""),
        // UTC; TIMESTAMPTZ would drag in DuckDB's ICU extension for nothing.
        new("finishedAt", "TIMESTAMP NOT NULL", r => (r.FinishedAt ?? throw new ArgumentException($"run {r.Plan.RunId} is not finished")).UtcDateTime),
        new("accelerator", "VARCHAR", r => r.Result?.Accelerator),
        new("qemuVersion", "VARCHAR", r => r.Result?.QemuVersion),
        new("guestHealthy", "BOOLEAN", r => r.Result?.GuestHealthy),
        new("network", "VARCHAR", r => r.Result?.Network is { } network ? StoreJson.Name(network) : null),
    ];

    /// <summary>A figure that is not a finite number was not measured: NULL, so statistics skip it.</summary>
    public static IReadOnlyList<RunColumn> Metrics { get; } = MetricCatalog.All
        .Select(m => new RunColumn(m.Name, "DOUBLE", r => r.Result is { } result && m.Read(result) is { } value && double.IsFinite(value) ? value : null))
        .ToArray();

    /// <summary>
    /// What a summary needs of a result beyond its metrics, so it reads a document only where one holds more (a
    /// forecast, a policy's decision). Not exported. A run without a result has no mode and 0 of both, so that
    /// <c>forecasts</c> is NULL only in rows stored before these columns existed: such a run's document is read.
    /// </summary>
    public static IReadOnlyList<RunColumn> Outcome { get; } =
    [
        new("resultMode", "VARCHAR", r => r.Result is { } result ? StoreJson.Name(result.Mode) : null),
        new("forecasts", "INTEGER", r => r.Result?.Predictions.Count ?? 0),
        new("policyDecisions", "INTEGER", r => r.Result?.PassHistory.Sum(p => p.Decisions.Count) ?? 0),
    ];

    /// <summary>The whole messages' content, for the runs route and timelines.</summary>
    public static IReadOnlyList<RunColumn> Documents { get; } =
    [
        new("parameters", "VARCHAR NOT NULL", r => JsonSerializer.Serialize(r.Plan.Parameters, StoreJson.Options)),
        new("plan", "VARCHAR NOT NULL", r => JsonSerializer.Serialize(r.Plan, StoreJson.Options)),
        new("result", "VARCHAR", r => r.Result is null ? null : JsonSerializer.Serialize(r.Result, StoreJson.Options)),
    ];

    public static IReadOnlyList<RunColumn> All { get; } = [.. Descriptive, .. Metrics, .. Outcome, .. Documents];

    /// <summary>Columns renamed since a store was first written: former name → current name.</summary>
    public static IReadOnlyDictionary<string, string> Renamed { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["iterations"] = "passes",
    };

    /// <summary>Renames one column in place, keeping its data.</summary>
    public static string RenameSql(string from, string to) =>
        $"ALTER TABLE runs RENAME COLUMN {Sql.Identifier(from)} TO {Sql.Identifier(to)}";

    /// <summary>
    /// A store written while <c>downtimeMs</c> meant the lab's pause for stop-and-copy and <c>qemuDowntimeMs</c> QEMU's
    /// figure: <c>downtimeMs</c> becomes QEMU's figure, and the pause, where it differed, <c>hostPauseMs</c>.
    /// </summary>
    public const string FormerDowntimeColumn = "qemuDowntimeMs";

    // One UPDATE reads the old values on every right-hand side, so it swaps; the rename keeps the column's place.
    public static IEnumerable<string> SplitFormerDowntimeSql() =>
    [
        """UPDATE runs SET "qemuDowntimeMs" = CASE WHEN "downtimeMs" IS DISTINCT FROM "qemuDowntimeMs" THEN "downtimeMs" END, "downtimeMs" = "qemuDowntimeMs" """,
        RenameSql(FormerDowntimeColumn, "hostPauseMs"),
    ];

    /// <summary>Rows stored before the <see cref="Outcome"/> columns that have no result need no document either.</summary>
    public const string OutcomeOfNoResultSql =
        """UPDATE runs SET "forecasts" = 0, "policyDecisions" = 0 WHERE "forecasts" IS NULL AND "result" IS NULL""";

    public const string ColumnExistsSql =
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'runs' AND column_name = ?";

    public static IEnumerable<string> Ddl()
    {
        yield return $"CREATE TABLE IF NOT EXISTS runs ({string.Join(", ", All.Select(c => $"{c.Quoted} {c.SqlType}"))})";
        // A store written before a nullable column existed gets it, empty (NULL: not measured then).
        foreach (var column in All.Where(c => !c.SqlType.Contains("NOT NULL", StringComparison.Ordinal) && !c.SqlType.Contains("PRIMARY", StringComparison.Ordinal)))
            yield return $"ALTER TABLE runs ADD COLUMN IF NOT EXISTS {column.Quoted} {column.SqlType}";
        yield return """
            CREATE TABLE IF NOT EXISTS run_parameters (
                "runId" VARCHAR NOT NULL, "experimentId" VARCHAR NOT NULL, "position" INTEGER NOT NULL,
                "path" VARCHAR NOT NULL, "value" VARCHAR NOT NULL, "text" VARCHAR NOT NULL, "number" DOUBLE,
                PRIMARY KEY ("runId", "path"))
            """;
    }
}

/// <summary>Quoting for the few places where SQL text is built from names (paths, columns).</summary>
internal static class Sql
{
    public static string Identifier(string name) => $"\"{name.Replace("\"", "\"\"")}\"";

    public static string Literal(string value) => $"'{value.Replace("'", "''")}'";
}
