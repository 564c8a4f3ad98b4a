using System.Data.Common;
using System.Text.Json;
using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Storage;

public sealed partial class RunStore
{
    private const string GroupsSql = """
        SELECT "groupKey", min("runIndex") AS "first", count(*),
               count(*) FILTER (WHERE "status" = 'completed'),
               count(*) FILTER (WHERE "status" = 'failed'),
               count(*) FILTER (WHERE "status" = 'cancelled'),
               arg_min("parameters", "runIndex"), arg_min("plan", "runIndex"),
               arg_min("runId", "runIndex") FILTER (WHERE "status" = 'completed')
        FROM runs WHERE "experimentId" = ? GROUP BY "groupKey" ORDER BY "first"
        """;

    // One row per group with a list per metric: DuckDB.NET reads a list of doubles in one tight loop, where reading
    // cell by cell cost two calls per value and made loading a million runs take seconds.
    private static readonly string ValuesSql =
        $"""SELECT "groupKey", {string.Join(", ", MetricCatalog.Summarized.Select(m => ListOf(Sql.Identifier(m.Name))))} """ +
        """FROM runs WHERE "experimentId" = ? AND "status" = 'completed' GROUP BY "groupKey" """;

    private static string ListOf(string column) => $"""list({column} ORDER BY "runIndex") FILTER (WHERE {column} IS NOT NULL)""";

    private const string RunSql = """
        SELECT "runId", "experimentId", "runIndex", "repetition", "groupKey", "status", "failedStep", "failureReason",
               "sourceHost", "destinationHost", "finishedAt", "plan", "result" FROM runs
        """;

    /// <summary>The sweep groups of an experiment in sweep order; empty when no run of it is stored.</summary>
    public async Task<IReadOnlyList<GroupData>> LoadGroupsAsync(string experimentId, CancellationToken cancellationToken)
    {
        using var connection = await ConnectAsync(cancellationToken);
        using var activity = Trace("load groups", experimentId);
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
        var values = new Dictionary<string, double[][]>();
        using (var command = Command(connection, ValuesSql, experimentId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                // A metric no completed run of the group has is a NULL list, not an empty one.
                values[reader.GetString(0)] = metrics
                    .Select((_, m) => reader.IsDBNull(m + 1) ? [] : reader.GetFieldValue<List<double>>(m + 1).ToArray())
                    .ToArray();
            }
        }

        return heads.Select(h => new GroupData(
            h.Key, h.First, h.Counts,
            JsonSerializer.Deserialize<List<RunParameter>>(h.Parameters, StoreJson.Options)!,
            JsonSerializer.Deserialize<RunPlan>(h.Plan, StoreJson.Options)!,
            h.Sample,
            metrics.Select((m, i) => (m.Name, Values: values.TryGetValue(h.Key, out var lists) ? lists[i] : []))
                .ToDictionary(p => p.Name, p => p.Values)))
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
