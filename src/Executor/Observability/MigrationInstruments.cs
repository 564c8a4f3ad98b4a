using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Observability;

/// <summary>
/// The migration metrics KubeVirt exports to Prometheus (kubevirt_vmi_migration_data_remaining_bytes,
/// _data_processed_bytes, _dirty_memory_rate_bytes, _disk_transfer_rate_bytes, _succeeded, _failed, phase
/// transition times), as OpenTelemetry instruments on the executor's meter, which ServiceDefaults exports:
/// the Aspire dashboard's Metrics page shows them, and an OTLP collector can hand them to Prometheus.
/// Every measurement carries the source host and the mode; gauges report each migration in flight.
/// </summary>
public sealed class MigrationInstruments
{
    public const string Remaining = "migration.data.remaining";
    public const string Processed = "migration.data.processed";
    public const string DirtyRate = "migration.dirty_rate";
    public const string TransferRate = "migration.transfer_rate";
    public const string Succeeded = "migration.succeeded";
    public const string Failed = "migration.failed";
    public const string PhaseDuration = "migration.phase.duration";

    public static readonly string[] Names = [Remaining, Processed, DirtyRate, TransferRate, Succeeded, Failed, PhaseDuration];

    /// <summary>
    /// Seconds, from a pre-copy's few milliseconds of downtime to a time limit's minutes. OpenTelemetry's default buckets
    /// (0, 5, 10, 25 … 10 000) put every downtime and most totals in the first two, so the dashboard showed p50 = 5 s.
    /// </summary>
    public static readonly double[] PhaseBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 600];

    private readonly ConcurrentDictionary<string, (KeyValuePair<string, object?>[] Tags, LiveSample Last)> inFlight = new();
    private readonly Counter<long> succeeded;
    private readonly Counter<long> failed;
    private readonly Histogram<double> phases;

    public MigrationInstruments() : this(Microsoft.Extensions.Hosting.Telemetry.ExecutorMeter)
    {
    }

    public MigrationInstruments(Meter meter)
    {
        meter.CreateObservableGauge(Remaining, () => Observe(s => s.RemainingBytes), "By", "Memory still to send of each migration in flight");
        meter.CreateObservableGauge(Processed, () => Observe(s => s.TransferredBytes), "By", "Bytes sent so far by each migration in flight");
        meter.CreateObservableGauge(DirtyRate, () => Observe(s => s.DirtyPagesRate), "{page}/s", "The guest's dirty-page rate QEMU last reported");
        meter.CreateObservableGauge(TransferRate, () => Observe(s => s.ThroughputMbps), "Mbit/s", "QEMU's migration throughput");
        succeeded = meter.CreateCounter<long>(Succeeded, "{migration}", "Migrations that completed with a healthy guest on the destination");
        failed = meter.CreateCounter<long>(Failed, "{migration}", "Migrations that failed or were cancelled, tagged by the step they stopped at");
        phases = meter.CreateHistogram<double>(PhaseDuration, "s", "How long each phase of a completed migration took (setup, precopy, downtime, total)",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PhaseBuckets });
    }

    /// <summary>Starts reporting a migration; disposing the handle stops it.</summary>
    public IDisposable Track(StartMigration command)
    {
        inFlight[command.RunId] = (Tags(command), new LiveSample { AtMs = 0, Status = MigrationStatus.Setup });
        return new Untrack(() => inFlight.TryRemove(command.RunId, out _));
    }

    public void Observe(string runId, LiveSample sample)
    {
        if (inFlight.TryGetValue(runId, out var entry))
            inFlight[runId] = (entry.Tags, sample);
    }

    public void Complete(StartMigration command, MigrationResult result)
    {
        var tags = Tags(command);
        succeeded.Add(1, tags);
        foreach (var (phase, ms) in new[] { ("setup", result.SetupTimeMs), ("precopy", result.PrecopyTimeMs), ("downtime", result.DowntimeMs), ("total", result.TotalTimeMs) })
        {
            if (ms is { } value && double.IsFinite(value))
                phases.Record(value / 1000, [.. tags, new KeyValuePair<string, object?>("migration.phase", phase)]);
        }
    }

    public void Fail(StartMigration command, RunStep step) =>
        failed.Add(1, [.. Tags(command), new("run.step", step.ToString().ToLowerInvariant())]);

    private IEnumerable<Measurement<double>> Observe(Func<LiveSample, double> read) =>
        inFlight.Values.Select(e => new Measurement<double>(read(e.Last), e.Tags));

    private static KeyValuePair<string, object?>[] Tags(StartMigration command) =>
    [
        new("host", command.Host),
        new("destination.host", command.DestinationHost),
        new("migration.mode", command.Migration.Mode.ToString().ToLowerInvariant()),
    ];

    private sealed class Untrack(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
