using System.Diagnostics.Metrics;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Observability;

namespace MigrationAspire.Executor.Tests.Observability;

public sealed class MigrationInstrumentsTests : IDisposable
{
    private readonly Meter meter = new($"MigrationInstrumentsTests-{Guid.NewGuid():N}");
    private readonly MeterListener listener = new();
    private readonly List<(string Name, double Value, Dictionary<string, object?> Tags)> measured = [];

    public MigrationInstrumentsTests()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        listener.Start();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        measured.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    private static StartMigration Command(string runId) => new()
    {
        RunId = runId, VmId = "vm", Host = "host-a", DestinationHost = "host-b", MigrationUri = "tcp:127.0.0.1:1",
        Migration = new MigrationSpec { Mode = MigrationMode.Postcopy }, Workload = new WorkloadSpec(),
    };

    [Fact]
    public void A_migration_in_flight_reports_its_last_sample_tagged_by_host_and_mode_until_it_ends()
    {
        var instruments = new MigrationInstruments(meter);
        using (instruments.Track(Command("r1")))
        {
            instruments.Observe("r1", new LiveSample { AtMs = 100, Status = MigrationStatus.Active, RemainingBytes = 4096, TransferredBytes = 8192, DirtyPagesRate = 300, ThroughputMbps = 80 });
            instruments.Observe("someone-else", new LiveSample { AtMs = 1, Status = MigrationStatus.Active, RemainingBytes = 1 });
            listener.RecordObservableInstruments();
        }

        Assert.Equal(4096, Assert.Single(measured, m => m.Name == MigrationInstruments.Remaining).Value);
        Assert.Equal(8192, Assert.Single(measured, m => m.Name == MigrationInstruments.Processed).Value);
        Assert.Equal(300, Assert.Single(measured, m => m.Name == MigrationInstruments.DirtyRate).Value);
        var rate = Assert.Single(measured, m => m.Name == MigrationInstruments.TransferRate);
        Assert.Equal(80, rate.Value);
        Assert.Equal(("host-a", "postcopy"), (rate.Tags["host"], rate.Tags["migration.mode"]));

        measured.Clear();
        listener.RecordObservableInstruments();
        Assert.Empty(measured);
    }

    [Fact]
    public void Outcomes_count_and_phase_durations_go_to_a_histogram_in_seconds()
    {
        var instruments = new MigrationInstruments(meter);
        instruments.Complete(Command("r1"), TestResult());
        instruments.Fail(Command("r2"), RunStep.Confirm);

        Assert.Equal(1, Assert.Single(measured, m => m.Name == MigrationInstruments.Succeeded).Value);
        Assert.Equal("confirm", Assert.Single(measured, m => m.Name == MigrationInstruments.Failed).Tags["run.step"]);
        var phases = measured.Where(m => m.Name == MigrationInstruments.PhaseDuration).ToDictionary(m => (string)m.Tags["migration.phase"]!, m => m.Value);
        Assert.Equal(1.5, phases["total"]);
        Assert.Equal(0.02, phases["downtime"]);
    }

    [Fact]
    public void The_phase_histogram_advises_buckets_that_tell_milliseconds_of_downtime_apart()
    {
        Histogram<double>? histogram = null;
        using var published = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter == meter && instrument.Name == MigrationInstruments.PhaseDuration)
                    histogram = (Histogram<double>)instrument;
            },
        };
        published.Start();
        _ = new MigrationInstruments(meter);

        var buckets = Assert.IsType<double[]>(histogram?.Advice?.HistogramBucketBoundaries?.ToArray());
        // A 20 ms and a 60 ms downtime land in different buckets; a 5-minute time limit is below the last bound.
        Assert.NotEqual(buckets.Count(b => b < 0.02), buckets.Count(b => b < 0.06));
        Assert.True(buckets[^1] >= 300);
        Assert.Equal(buckets.Order(), buckets);
    }

    /// <summary>A complete result with plain figures, for tests that need one.</summary>
    internal static MigrationResult TestResult() => new()
    {
        Mode = MigrationMode.Postcopy, TotalTimeMs = 1500, DowntimeMs = 20, SetupTimeMs = 5, ExpectedDowntimeMs = 0,
        Passes = 2, TransferredBytes = 1, NormalBytes = 1, ZeroPages = 0, ThroughputMbps = 1, DirtyPagesRate = 0, PostcopyRequests = 0,
        CpuThrottlePercent = 0, PrecopyTimeMs = 1000, SwitchoverMs = 20, GuestObservedDowntimeMs = 30, TargetDirtyRate = 0, GuestHealthy = true,
        IntegrityErrors = 0, PagesVerified = 0, SourceCpuSeconds = 0, DestinationCpuSeconds = 0, PassHistory = [],
        StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch, SourceHost = "host-a", DestinationHost = "host-b",
        Accelerator = "tcg", QemuVersion = "10.0", SampleCount = 0,
    };

    public void Dispose()
    {
        listener.Dispose();
        meter.Dispose();
    }
}
