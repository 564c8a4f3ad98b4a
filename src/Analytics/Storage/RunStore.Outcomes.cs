using System.Data.Common;
using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Model;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Storage;

/// <summary>A group's runs as a summary needs them beyond its values, in run order.</summary>
/// <param name="Outcomes">Every completed run with a result.</param>
/// <param name="Documented">The runs whose document holds more than the columns (a forecast, a policy's decision), or that were stored before the columns said so.</param>
public sealed record GroupRuns(IReadOnlyList<RunOutcome> Outcomes, IReadOnlyList<StoredRun> Documented);

public sealed partial class RunStore
{
    // A run whose document a summary must read: it has forecasts or decisions, or was stored before the columns saying so.
    // No query names the result column: even `"result" IS NOT NULL` made DuckDB scan every document (~2 s at a million runs).
    private const string Documented = """("forecasts" IS NULL OR "forecasts" > 0 OR "policyDecisions" > 0)""";

    // Modes as their enum's numbers, so a million runs cost no strings.
    private static readonly string ModeNumbers = string.Join(" ",
        Enum.GetValues<MigrationMode>().Select(m => $"WHEN {Sql.Literal(StoreJson.Name(m))} THEN {(int)m}"));

    // After the metrics in the values' rows: what an outcome needs beyond them (read by OutcomeSink).
    private static readonly string OutcomeColumns =
        $"""CASE r."resultMode" {ModeNumbers} END, CASE r."mode" {ModeNumbers} END, r."limitReached" IS NOT NULL, {Documented}""";

    private static readonly string DocumentedSql = OrdinalsSql + $"""
        SELECT r."runId", r."experimentId", r."runIndex", r."repetition", r."groupKey", r."status", r."failedStep", r."failureReason",
               r."sourceHost", r."destinationHost", r."finishedAt", r."plan", r."result", o."ordinal"
        FROM runs r JOIN ordinals o ON o."groupKey" = r."groupKey"
        WHERE r."experimentId" = $1 AND {Documented} ORDER BY r."runIndex", r."runId"
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
        var sink = new OutcomeSink();
        using (var command = Command(connection, DocumentedSql, experimentId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                sink.Document(reader.GetInt32(13), ReadRun(reader));
            }
        }

        var groups = ReadGroups(connection, experimentId, sink);
        return (groups, groups.Select((_, g) => sink.Of(g)).ToList());
    }

    /// <summary>Collects the outcomes of the completed runs as the values query reads them, in run order.</summary>
    private sealed class OutcomeSink
    {
        private static readonly int[] Measured = [.. new[] { "totalTimeMs", "downtimeMs", "hostPauseMs" }
            .Select(name => MetricCatalog.Summarized.Select(m => m.Name).ToList().IndexOf(name) + 1)];

        private readonly Dictionary<int, (List<RunOutcome> Outcomes, List<StoredRun> Documented, Queue<StoredRun> Waiting)> _groups = [];

        public void Document(int group, StoredRun run)
        {
            var entry = Entry(group);
            entry.Documented.Add(run);
            if (run.Status == RunStatus.Completed)
            {
                entry.Waiting.Enqueue(run);
            }
        }

        /// <param name="at">The first of <see cref="OutcomeColumns"/> in the row.</param>
        public void Add(int group, DbDataReader reader, int at)
        {
            var entry = Entry(group);
            // Both queries list runs in the same order, so a documented run is the group's next one read whole. A run
            // without a result (or an older row's) has no outcome.
            var outcome = reader.GetBoolean(at + 3) ? RunOutcome.Of(entry.Waiting.Dequeue())
                : reader.IsDBNull(at) ? null
                : new RunOutcome(
                    true, (MigrationMode)reader.GetInt32(at), (MigrationMode)reader.GetInt32(at + 1), reader.GetBoolean(at + 2),
                    Number(reader, Measured[0]), Number(reader, Measured[1]), Number(reader, Measured[2]), []);
            if (outcome is not null)
            {
                entry.Outcomes.Add(outcome);
            }
        }

        public GroupRuns Of(int group) => _groups.TryGetValue(group, out var entry) ? new(entry.Outcomes, entry.Documented) : new([], []);

        private (List<RunOutcome> Outcomes, List<StoredRun> Documented, Queue<StoredRun> Waiting) Entry(int group)
        {
            if (!_groups.TryGetValue(group, out var entry))
            {
                entry = ([], [], new Queue<StoredRun>());
                _groups[group] = entry;
            }

            return entry;
        }

        private static double? Number(DbDataReader reader, int ordinal) => reader.GetFieldValue<double?>(ordinal);
    }
}
