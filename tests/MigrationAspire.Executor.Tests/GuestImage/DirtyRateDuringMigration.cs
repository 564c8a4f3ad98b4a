using MigrationAspire.Contracts;
using System.Diagnostics;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;
using Xunit.Abstractions;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// How the pre-copy that reads the dirty rate is paced: the bandwidth of the first pass (the bulk of RAM), the cap
/// from the second pass on (null: unchanged) and the downtime limit.
/// </summary>
internal sealed record PrecopyPacing(long FirstPassBandwidth, long? LaterPassesBandwidth, int DowntimeLimitMs)
{
    public override string ToString() =>
        $"{FirstPassBandwidth / (double)(1 << 20):0.#} MiB/s" +
        (LaterPassesBandwidth is { } later ? $" in pass 1, then {later / (double)(1 << 20):0.#} MiB/s" : "") +
        $", downtime limit {DowntimeLimitMs} ms";
}

/// <summary>
/// QEMU's own dirty-page rate (<c>query-migrate</c>'s <c>ram.dirty-pages-rate</c>), read during a pre-copy of the
/// guest to a second QEMU. QEMU publishes it at a dirty-bitmap sync, at most once a second, as the pages found
/// newly dirty since its last publication divided by the time. That is the guest's write rate only if
/// <list type="bullet">
/// <item>each sync period is shorter than one trip of the sequential writer around its working set (a page written
/// twice between syncs counts once): 16 s at 2 000 pages/s over 128 MiB, but only 1.6 s at 20 000;</item>
/// <item>the pages still unsent at a sync (QEMU syncs once less than bandwidth × downtime limit is left) are not
/// written again before the next one, or they are not counted again: at 20 000 pages/s with the default 300 ms
/// limit that hid ~25 % of the writes, a 20 ms limit hides nothing measurable; at 2 000 pages/s nothing unsent is
/// rewritten within 16 s anyway;</item>
/// <item>sync periods are long: the pages the guest kernel and workload keep busy (~100) are counted again at every
/// sync: about +0.5 % at 20 000 pages/s with ~1 s passes, but +5 % at 2 000 pages/s with 1 s passes and +10 to +25 %
/// once its passes shrank to a few tenths of a second (unsent busy pages are not counted again, which is why the
/// 300 ms limit helps there).</item>
/// </list>
/// The first publications (dirty-sync-count 1 and 2: the setup's and the first pass's) are left out. Every
/// <c>query-migrate</c> after that with a rate is a reading; the median is over them (so a rate counts for as long as
/// QEMU showed it), and <see cref="Publications"/> lists the distinct values. After five publications, or three and
/// eight seconds, the pre-copy is cancelled, which leaves the guest running on the source; if it completes first,
/// the destination carries on as <see cref="Successor"/>.
/// </summary>
internal sealed record DirtyRateDuringMigration(
    IReadOnlyList<DirtyRateDuringMigration.Reading> Publications, int ReadingCount, double Median, QemuProcess? Successor)
{
    private const long MiB = 1024 * 1024;
    private const int WantedPublications = 5;
    private const int MinimumPublications = 2;
    private const int MinimumReadings = 10;
    private static readonly TimeSpan EnoughTime = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan ReadingWindow = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>One published rate: QEMU's pass (dirty-sync-count) and the time since <c>migrate</c> when it was first seen.</summary>
    public sealed record Reading(long Pass, long Rate, double AtSeconds);

    public static async Task<DirtyRateDuringMigration> MeasureAsync(
        QemuProcess source, string workDirectory, int targetPagesPerSecond, PrecopyPacing pacing, ITestOutputHelper output, CancellationToken cancellationToken)
    {
        var publications = new List<Reading>();
        var readings = new List<long>();
        var trace = new List<string>();
        var clock = new Stopwatch();
        MigrationInfo final;
        long passes = 0;
        QemuProcess? successor = null;
        await using (var migration = await LocalMigration.PrepareAsync(source, workDirectory, $"rate{targetPagesPerSecond}", cancellationToken))
        {
            await source.Qmp.SetMigrationParametersAsync(
                    new MigrationParameters { MaxBandwidth = pacing.FirstPassBandwidth, DowntimeLimit = pacing.DowntimeLimitMs }, cancellationToken)
                .WaitAsync(TestTimeouts.Step, cancellationToken);
            using var stopPacing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pacingTask = pacing.LaterPassesBandwidth is { } later
                ? CapFromSecondPassAsync(source.Qmp, later, stopPacing.Token)
                : Task.CompletedTask;
            try
            {
                clock.Start();
                await migration.StartAsync(cancellationToken);
                long lastSeen = 0;
                while (true)
                {
                    var info = await migration.QueryAsync(cancellationToken);
                    passes = info.Ram?.Pass ?? passes;
                    var enough = publications.Count >= WantedPublications || (publications.Count >= 3 && clock.Elapsed > EnoughTime);
                    if (MigrationStatus.IsFinal(info.Status) || enough || clock.Elapsed > ReadingWindow)
                    {
                        final = MigrationStatus.IsFinal(info.Status) ? info : await migration.CancelAsync(cancellationToken);
                        break;
                    }
                    if (info is { Status: MigrationStatus.Active, Ram: { } ram })
                    {
                        var state = $"pass {ram.Pass}: {ram.DirtyPagesRate} pages/s";
                        if (trace.Count == 0 || !trace[^1].Contains(state + ",", StringComparison.Ordinal))
                            trace.Add($"{clock.Elapsed.TotalSeconds:F2} s {state}, {ram.Remaining / (double)MiB:F1} MiB unsent");
                        if (ram is { DirtyPagesRate: > 0, Pass: >= 3 })
                        {
                            // A new publication shows as a new value: the one of pass 2 may still stand early in pass 3.
                            if (ram.DirtyPagesRate != lastSeen)
                                publications.Add(new Reading(ram.Pass, ram.DirtyPagesRate, clock.Elapsed.TotalSeconds));
                            if (publications.Count > 0)
                                readings.Add(ram.DirtyPagesRate);
                        }
                        lastSeen = ram.DirtyPagesRate;
                    }
                    await Task.Delay(PollInterval, cancellationToken);
                }
            }
            finally
            {
                await stopPacing.CancelAsync();
                await pacingTask;
            }
            output.WriteLine(
                $"Pre-copy of the {targetPagesPerSecond} pages/s guest to a second QEMU ({pacing}): " +
                $"{final.Status} after {clock.Elapsed.TotalSeconds:F1} s in pass {final.Ram?.Pass ?? passes}. query-migrate while it ran:");
            foreach (var line in trace)
                output.WriteLine("  " + line);
            if (source.Console.HeartbeatsBetween(migration.StartedAt) is { Count: >= 2 } beats)
            {
                // The guest's own count for comparison, per second of host arrival time (a host that stalls its reader skews it).
                var own = (beats[^1].PagesWritten - beats[0].PagesWritten) / (beats[^1].At - beats[0].At).TotalSeconds;
                output.WriteLine($"  the guest's own heartbeats during the migration: {own:F0} pages written per second");
            }
            if (final.Status == MigrationStatus.Completed)
                successor = migration.TakeDestination();
        }
        try
        {
            Assert.True(final.Status is MigrationStatus.Completed or MigrationStatus.Cancelled, $"the migration ended {final.Status}: {final.ErrorDesc}");
            // A cancelled pre-copy leaves the guest running on the source: give that QEMU its defaults back.
            if (successor is null)
                await source.Qmp.SetMigrationParametersAsync(new MigrationParameters { MaxBandwidth = 128 * MiB, DowntimeLimit = 300 }, cancellationToken)
                    .WaitAsync(TestTimeouts.Step, cancellationToken);
            Assert.True(publications.Count >= MinimumPublications && readings.Count >= MinimumReadings,
                $"QEMU published {publications.Count} dirty rates after the first pass ({readings.Count} readings) before the migration ended {final.Status}; " +
                $"{MinimumPublications} and {MinimumReadings} readings are needed");
        }
        catch
        {
            if (successor is not null)
                await successor.DisposeAsync();
            throw;
        }
        readings.Sort();
        var median = readings.Count % 2 == 1 ? readings[readings.Count / 2] : (readings[readings.Count / 2 - 1] + readings[readings.Count / 2]) / 2.0;
        return new DirtyRateDuringMigration(publications, readings.Count, median, successor);
    }

    /// <summary>Caps the bandwidth as soon as QEMU announces the second pass (MIGRATION_PASS 2).</summary>
    private static async Task CapFromSecondPassAsync(QmpClient qmp, long bandwidth, CancellationToken cancellationToken)
    {
        try
        {
            await qmp.WaitForEventAsync(
                e => e.Name == QmpEventNames.MigrationPass && e.GetData<MigrationPassEventData>().Pass >= 2, ReadingWindow, cancellationToken);
            await qmp.SetMigrationParametersAsync(new MigrationParameters { MaxBandwidth = bandwidth }, cancellationToken)
                .WaitAsync(TestTimeouts.Step, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or QmpConnectionClosedException)
        {
            // The measurement ended before the second pass (it then fails for want of readings).
        }
    }
}
