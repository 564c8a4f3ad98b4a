using System.Text.Json;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Storage;

/// <summary>The experiments table: one row per experiment with its name and spec, written by the first run that brings them.</summary>
public sealed partial class RunStore
{
    private const string ExperimentsDdl = """
        CREATE TABLE IF NOT EXISTS experiments (
            "experimentId" VARCHAR PRIMARY KEY, "name" VARCHAR NOT NULL, "spec" VARCHAR NOT NULL, "submittedAt" TIMESTAMP)
        """;

    private const string FactsSql = """
        SELECT min(json_extract_string("result", '$.startedAt')), max("finishedAt"),
               list(DISTINCT "qemuVersion") FILTER (WHERE "qemuVersion" IS NOT NULL),
               list(DISTINCT "accelerator") FILTER (WHERE "accelerator" IS NOT NULL),
               list(DISTINCT "sourceHost") FILTER (WHERE "sourceHost" <> ''),
               list(DISTINCT "destinationHost") FILTER (WHERE "destinationHost" <> '')
        FROM runs WHERE "experimentId" = ?
        """;

    /// <summary>Records each experiment's spec once; later copies of the same spec change nothing.</summary>
    public async Task AddExperimentsAsync(IEnumerable<RunFinished> finished, CancellationToken cancellationToken)
    {
        var specs = finished.Where(f => f.Spec is not null).DistinctBy(f => f.Run.Plan.ExperimentId).ToList();
        if (specs.Count == 0)
        {
            return;
        }

        await _ready.Task.WaitAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var f in specs)
            {
                using var command = Command(Writer(), "INSERT INTO experiments VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    f.Run.Plan.ExperimentId, f.Spec!.Name, JsonSerializer.Serialize(f.Spec, SpecJson.Options), f.SubmittedAt?.UtcDateTime);
                command.ExecuteNonQuery();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The facts of an experiment with stored runs; null when none is stored.</summary>
    public async Task<ExperimentFacts?> LoadFactsAsync(string experimentId, CancellationToken cancellationToken)
    {
        using var connection = await ConnectAsync(cancellationToken);
        using var activity = Trace("load experiment facts", experimentId);
        if (await CountRunsAsync(experimentId, cancellationToken) == 0)
        {
            return null;
        }

        string? name = null, spec = null;
        DateTimeOffset? submitted = null;
        using (var command = Command(connection, """SELECT "name", "spec", "submittedAt" FROM experiments WHERE "experimentId" = ?""", experimentId))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                (name, spec) = (reader.GetString(0), reader.GetString(1));
                submitted = reader.IsDBNull(2) ? null : Utc(reader.GetDateTime(2));
            }
        }

        using var facts = Command(connection, FactsSql, experimentId);
        using var row = facts.ExecuteReader();
        row.Read();
        return new ExperimentFacts(
            experimentId, name, spec, submitted,
            Text(row, 0) is { } started ? DateTimeOffset.Parse(started, System.Globalization.CultureInfo.InvariantCulture) : null,
            row.IsDBNull(1) ? null : Utc(row.GetDateTime(1)),
            Strings(row, 2), Strings(row, 3), Strings(row, 4).Union(Strings(row, 5)).Order(StringComparer.Ordinal).ToArray());
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static string[] Strings(System.Data.Common.DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : ((System.Collections.IEnumerable)reader.GetValue(ordinal)).Cast<object>().Select(o => $"{o}").Order(StringComparer.Ordinal).ToArray();
}
