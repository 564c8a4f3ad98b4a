using DuckDB.NET.Data;
using MigrationAspire.Analytics.Model;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Storage;

/// <summary>A group's runs as a summary needs them beyond its values, in run order.</summary>
/// <param name="Outcomes">Every completed run with a result.</param>
/// <param name="Documented">The runs with a result whose document holds more than the columns: a forecast, a policy's decision.</param>
public sealed record GroupRuns(IReadOnlyList<RunOutcome> Outcomes, IReadOnlyList<StoredRun> Documented);

public sealed partial class RunStore
{
    // A run whose document a summary must read: it has forecasts or decisions, or was stored before the columns saying so.
    private const string Documented =
        """("resultMode" IS NULL OR "forecasts" IS NULL OR "forecasts" > 0 OR "policyDecisions" IS NULL OR "policyDecisions" > 0)""";

    // Modes as their enum's numbers, so a million runs cost no strings.
    private static readonly string ModeNumbers = string.Join(" ",
        Enum.GetValues<MigrationMode>().Select(m => $"WHEN {Sql.Literal(StoreJson.Name(m))} THEN {(int)m}"));

    private static readonly string OutcomesSql = OrdinalsSql + $"""
        SELECT o."ordinal", CASE r."resultMode" {ModeNumbers} END, CASE r."mode" {ModeNumbers} END, r."limitReached" IS NOT NULL,
               r."totalTimeMs", r."downtimeMs", r."hostPauseMs", {Documented}
        FROM runs r JOIN ordinals o ON o."groupKey" = r."groupKey"
        WHERE r."experimentId" = $1 AND r."status" = 'completed' AND r."result" IS NOT NULL ORDER BY r."runIndex", r."runId"
        """;

    private static readonly string DocumentedSql = OrdinalsSql + $"""
        SELECT r."runId", r."experimentId", r."runIndex", r."repetition", r."groupKey", r."status", r."failedStep", r."failureReason",
               r."sourceHost", r."destinationHost", r."finishedAt", r."plan", r."result", o."ordinal"
        FROM runs r JOIN ordinals o ON o."groupKey" = r."groupKey"
        WHERE r."experimentId" = $1 AND r."result" IS NOT NULL AND {Documented} ORDER BY r."runIndex", r."runId"
        """;

    /// <summary>
    /// The groups (as <see cref="LoadGroupsAsync"/>) and, for each at the same position, its runs' outcomes, from one
    /// snapshot. Only runs with forecasts or decisions are read whole: parsing every run's plan and result cost a
    /// summary ~60 µs of CPU per run.
    /// </summary>
    public async Task<(IReadOnlyList<GroupData> Groups, IReadOnlyList<GroupRuns> Runs)> LoadSummaryInputAsync(
        string experimentId, CancellationToken cancellationToken)
    {
        using var connection = await ConnectAsync(cancellationToken);
        using var activity = Trace("load summary input", experimentId);
        using var snapshot = connection.BeginTransaction();
        var groups = ReadGroups(connection, experimentId);
        var documented = groups.Select(_ => new List<StoredRun>()).ToArray();
        var waiting = groups.Select(_ => new Queue<StoredRun>()).ToArray();
        using (var command = Command(connection, DocumentedSql, experimentId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var run = ReadRun(reader);
                var group = reader.GetInt32(13);
                documented[group].Add(run);
                if (run.Status == RunStatus.Completed)
                {
                    waiting[group].Enqueue(run);
                }
            }
        }

        var outcomes = groups.Select(_ => new List<RunOutcome>()).ToArray();
        using (var command = Command(connection, OutcomesSql, experimentId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var group = reader.GetInt32(0);
                // Both queries list runs in the same order, so a documented outcome is the group's next documented run.
                outcomes[group].Add(reader.GetBoolean(7)
                    ? RunOutcome.Of(waiting[group].Dequeue())!
                    : new RunOutcome(
                        true, (MigrationMode)reader.GetInt32(1), (MigrationMode)reader.GetInt32(2), reader.GetBoolean(3),
                        Number(reader, 4), Number(reader, 5), Number(reader, 6), []));
            }
        }

        return (groups, groups.Select((_, g) => new GroupRuns(outcomes[g], documented[g])).ToList());
    }

    private static double? Number(DuckDBDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
