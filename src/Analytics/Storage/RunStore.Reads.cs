using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;
using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Storage;

public sealed partial class RunStore
{
    // The first run of each group is found by its index and joined, rather than by arg_min over the plans' text,
    // which copied every plan of the experiment through the aggregate (~1 s at a million runs).
    private const string GroupsSql = """
        WITH heads AS (
            SELECT "groupKey", min("runIndex") AS "first", count(*) AS "total",
                   count(*) FILTER (WHERE "status" = 'completed') AS "completed",
                   count(*) FILTER (WHERE "status" = 'failed') AS "failed",
                   count(*) FILTER (WHERE "status" = 'cancelled') AS "cancelled",
                   min("runIndex") FILTER (WHERE "status" = 'completed') AS "firstCompleted"
            FROM runs WHERE "experimentId" = $1 GROUP BY "groupKey")
        SELECT h."groupKey", h."first", h."total", h."completed", h."failed", h."cancelled", f."parameters", f."plan", c."runId"
        FROM heads h
        JOIN runs f ON f."experimentId" = $1 AND f."groupKey" = h."groupKey" AND f."runIndex" = h."first"
        LEFT JOIN runs c ON c."experimentId" = $1 AND c."groupKey" = h."groupKey" AND c."runIndex" = h."firstCompleted"
        QUALIFY row_number() OVER (PARTITION BY h."groupKey" ORDER BY f."runId", c."runId") = 1
        ORDER BY h."first"
        """;

    // Each row names its group by position (0, 1, … in the order above): reading a string per run and looking it
    // up cost more than the query.
    private const string OrdinalsSql = """
        WITH ordinals AS (
            SELECT "groupKey", (row_number() OVER (ORDER BY min("runIndex")) - 1)::INTEGER AS "ordinal"
            FROM runs WHERE "experimentId" = $1 GROUP BY "groupKey")
        """;

    private static readonly string ValuesSql = OrdinalsSql + $"""
        SELECT o."ordinal", {string.Join(", ", MetricCatalog.Summarized.Select(m => "r." + Sql.Identifier(m.Name)))}, {OutcomeColumns}
        FROM runs r JOIN ordinals o ON o."groupKey" = r."groupKey"
        WHERE r."experimentId" = $1 AND r."status" = 'completed' ORDER BY r."runIndex", r."runId"
        """;

    private const string RunSql = """
        SELECT "runId", "experimentId", "runIndex", "repetition", "groupKey", "status", "failedStep", "failureReason",
               "sourceHost", "destinationHost", "finishedAt", "plan", "result" FROM runs
        """;

    /// <summary>The sweep groups of an experiment in sweep order; empty when no run of it is stored.</summary>
    public async Task<IReadOnlyList<GroupData>> LoadGroupsAsync(string experimentId, CancellationToken cancellationToken)
    {
        using var connection = await ConnectAsync(cancellationToken);
        using var activity = Trace("load groups", experimentId);
        // One snapshot for both queries: the values name their groups by position among the heads read first.
        using var snapshot = connection.BeginTransaction();
        return ReadGroups(connection, experimentId);
    }

    /// <param name="outcomes">Filled with the completed runs' outcomes, when given.</param>
    private static List<GroupData> ReadGroups(DuckDBConnection connection, string experimentId, OutcomeSink? outcomes = null)
    {
        var heads = new List<(string Key, int First, RunTally Counts, string Parameters, string Plan, string? Sample)>();
        using (var command = Command(connection, GroupsSql, experimentId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var counts = new RunTally(Int(reader, 2), Int(reader, 3), Int(reader, 4), Int(reader, 5));
                heads.Add((reader.GetString(0), Int(reader, 1), counts, reader.GetString(6), reader.GetString(7), Text(reader, 8)));
            }
        }

        var metrics = MetricCatalog.Summarized;
        // Sized by the heads' counts from the same snapshot: a million values grown by doubling copied them ~twice.
        var values = heads.Select(h => metrics.Select(_ => new List<double>(h.Counts.Completed)).ToArray()).ToArray();
        using (var command = Command(connection, ValuesSql, experimentId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var lists = values[reader.GetInt32(0)];
                for (var m = 0; m < lists.Length; m++)
                {
                    if (reader.GetFieldValue<double?>(m + 1) is { } value)
                    {
                        lists[m].Add(value);
                    }
                }

                outcomes?.Add(reader.GetInt32(0), reader, lists.Length + 1);
            }
        }

        return heads.Select((h, g) => new GroupData(
            h.Key, h.First, h.Counts,
            JsonSerializer.Deserialize<List<RunParameter>>(h.Parameters, StoreJson.Options)!,
            JsonSerializer.Deserialize<RunPlan>(h.Plan, StoreJson.Options)!,
            h.Sample,
            metrics.Select((m, i) => (m.Name, Values: values[g][i].ToArray())).ToDictionary(p => p.Name, p => p.Values)))
            .ToList();
    }

    /// <summary>How many runs of an experiment are stored.</summary>
    public async Task<long> CountRunsAsync(string experimentId, CancellationToken cancellationToken)
    {
        using var connection = await ConnectAsync(cancellationToken);
        using var command = Command(connection, """SELECT count(*) FROM runs WHERE "experimentId" = ?""", experimentId);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    /// <summary>Every stored run of an experiment in run order; empty when none is stored.</summary>
    public async Task<IReadOnlyList<StoredRun>> ListRunsAsync(string experimentId, CancellationToken cancellationToken)
    {
        using var connection = await ConnectAsync(cancellationToken);
        using var activity = Trace("list runs", experimentId);
        using var command = Command(connection, RunSql + """ WHERE "experimentId" = ? ORDER BY "runIndex" """, experimentId);
        using var reader = command.ExecuteReader();
        var runs = new List<StoredRun>();
        while (reader.Read())
        {
            runs.Add(ReadRun(reader));
        }

        return runs;
    }

    public async Task<StoredRun?> FindRunAsync(string runId, CancellationToken cancellationToken)
    {
        using var connection = await ConnectAsync(cancellationToken);
        using var command = Command(connection, RunSql + """ WHERE "runId" = ?""", runId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadRun(reader) : null;
    }

    private static StoredRun ReadRun(DbDataReader reader)
    {
        var plan = JsonSerializer.Deserialize<RunPlan>(reader.GetString(11), StoreJson.Options)!;
        return new StoredRun
        {
            RunId = reader.GetString(0),
            ExperimentId = reader.GetString(1),
            Index = reader.GetInt32(2),
            Repetition = reader.GetInt32(3),
            GroupKey = reader.GetString(4),
            Status = Enum.Parse<RunStatus>(reader.GetString(5), ignoreCase: true),
            FailedStep = Text(reader, 6) is { } step ? Enum.Parse<RunStep>(step, ignoreCase: true) : null,
            FailureReason = Text(reader, 7),
            SourceHost = reader.GetString(8),
            DestinationHost = reader.GetString(9),
            FinishedAt = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(10), DateTimeKind.Utc)),
            Plan = plan,
            Parameters = plan.Parameters.ToDictionary(p => p.Path, p => new ParameterValue(p.Value).Json),
            Result = Text(reader, 12) is { } result ? JsonSerializer.Deserialize<MigrationResult>(result, StoreJson.Options) : null,
        };
    }

    private static int Int(DbDataReader reader, int ordinal) => Convert.ToInt32(reader.GetValue(ordinal));

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
