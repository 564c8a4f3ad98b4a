using System.Diagnostics;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;
using Xunit.Abstractions;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// QEMU's own dirty-page rate (<c>query-migrate</c>'s <c>ram.dirty-pages-rate</c>), read during a pre-copy of the
/// guest to a second QEMU. QEMU publishes it at a dirty-bitmap sync, at most once a second, as the pages found
/// newly dirty since its last publication divided by the time. That is the guest's write rate only if
/// <list type="bullet">
/// <item>each sync period is shorter than one trip of the sequential writer around its working set (a page written
/// twice between syncs counts once): 16 s at 2 000 pages/s over 128 MiB, but only 1.6 s at 20 000;</item>
/// <item>few pages are still unsent at a sync (an unsent page written again is not counted again): a 20 ms downtime
/// limit makes QEMU sync only when less than cap × 20 ms is left;</item>
/// <item>sync periods are long: the pages the guest kernel and workload keep busy (about 100 per sync here) are
/// counted again at every sync: about +5 % at 2 000 pages/s with 1 s passes, +0.5 % at 20 000, and +10 to +25 %
/// at 2 000 pages/s once passes shrank to a few tenths of a second.</item>
/// </list>
/// So: the first pass (the bulk of RAM) runs at QEMU's default 128 MiB/s, and its reading is left out with the
/// setup's (dirty-sync-count ≥ 3); from the second pass, announced by MIGRATION_PASS, the bandwidth is capped near
/// the dirty bandwidth (<c>capFactor</c>), so each pass sends about what the previous one let the guest dirty and
/// lasts about as long (a bit longer below 1, a bit shorter above). Once five readings are published, or three and
/// eight seconds have passed, the migration is cancelled, which leaves the guest running on the source; their
/// median shrugs off a reading taken while a loaded host starved the guest. At 20 000 pages/s the pre-copy may
/// converge first; then the destination carries on as <see cref="Successor"/>.
/// </summary>
internal sealed record DirtyRateDuringMigration(
    IReadOnlyList<DirtyRateDuringMigration.Reading> Readings, double Median, MigrationInfo Final, QemuProcess? Successor)
{
    private const long MiB = 1024 * 1024;
    private const long DefaultBandwidth = 128 * MiB;
    private const int DowntimeLimitMs = 20;
    private const int WantedReadings = 5;
    private const int MinimumReadings = 3;
    private static readonly TimeSpan ReadingWindow = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan EnoughTime = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>One published rate: QEMU's pass (dirty-sync-count) and the time since <c>migrate</c> when it was seen.</summary>
    public sealed record Reading(long Pass, long Rate, double AtSeconds);

    /// <param name="capFactor">Bandwidth cap from the second pass on, as a multiple of the guest's dirty bandwidth.</param>
    public static async Task<DirtyRateDuringMigration> MeasureAsync(
        QemuProcess source, string workDirectory, int targetPagesPerSecond, double capFactor, ITestOutputHelper output, CancellationToken cancellationToken)
    {
        var cap = (long)(targetPagesPerSecond * (double)GuestQemu.PageSize * capFactor);
        var readings = new List<Reading>();
        var trace = new List<string>();
        var clock = new Stopwatch();
        MigrationInfo final;
        long passes = 0;
        QemuProcess? successor = null;
        await using (var migration = await LocalMigration.PrepareAsync(source, workDirectory, $"rate{targetPagesPerSecond}", cancellationToken))
        {
            await source.Qmp.SetMigrationParametersAsync(new MigrationParameters { MaxBandwidth = DefaultBandwidth, DowntimeLimit = DowntimeLimitMs }, cancellationToken)
                .WaitAsync(GuestTimeouts.Step, cancellationToken);
            using var stopCapping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var secondPass = source.Qmp.WaitForEventAsync(
                e => e.Name == QmpEventNames.MigrationPass && e.GetData<MigrationPassEventData>().Pass >= 2, ReadingWindow, stopCapping.Token);
            var capping = CapAsync(source.Qmp, secondPass, cap, stopCapping.Token);
            try
            {
                clock.Start();
                await migration.StartAsync(cancellationToken);
                long lastSeen = 0;
                while (true)
                {
                    var info = await migration.QueryAsync(cancellationToken);
                    passes = info.Ram?.DirtySyncCount ?? passes;
                    var enough = readings.Count >= WantedReadings || (readings.Count >= MinimumReadings && clock.Elapsed > EnoughTime);
                    if (MigrationStatus.IsFinal(info.Status) || enough || clock.Elapsed > ReadingWindow)
                    {
                        final = MigrationStatus.IsFinal(info.Status) ? info : await migration.CancelAsync(cancellationToken);
                        break;
                    }
                    if (info.Ram is { } ram)
                    {
                        var state = $"pass {ram.DirtySyncCount}: {ram.DirtyPagesRate} pages/s";
                        if (trace.Count == 0 || !trace[^1].Contains(state + ",", StringComparison.Ordinal))
                            trace.Add($"{clock.Elapsed.TotalSeconds:F2} s {state}, {ram.Remaining / (double)MiB:F1} MiB unsent");
                        // A new publication shows as a new value: the one of pass 2 may still stand in pass 3.
                        if (ram is { DirtyPagesRate: > 0, DirtySyncCount: >= 3 } && ram.DirtyPagesRate != lastSeen)
                            readings.Add(new Reading(ram.DirtySyncCount, ram.DirtyPagesRate, clock.Elapsed.TotalSeconds));
                        lastSeen = ram.DirtyPagesRate;
                    }
                    await Task.Delay(PollInterval, cancellationToken);
                }
            }
            finally
            {
                await stopCapping.CancelAsync();
                await capping;
            }
            output.WriteLine(
                $"Pre-copy of the {targetPagesPerSecond} pages/s guest to a second QEMU (pass 1 at 128 MiB/s, then {cap / (double)MiB:F1} MiB/s, downtime limit {DowntimeLimitMs} ms): " +
                $"{final.Status} after {clock.Elapsed.TotalSeconds:F1} s in pass {final.Ram?.DirtySyncCount ?? passes}. query-migrate while it ran:");
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
                await source.Qmp.SetMigrationParametersAsync(new MigrationParameters { MaxBandwidth = DefaultBandwidth, DowntimeLimit = 300 }, cancellationToken)
                    .WaitAsync(GuestTimeouts.Step, cancellationToken);
            Assert.True(readings.Count >= MinimumReadings,
                $"QEMU published {readings.Count} dirty rates after the first pass before the migration ended {final.Status}; {MinimumReadings} are needed");
        }
        catch
        {
            if (successor is not null)
                await successor.DisposeAsync();
            throw;
        }
        var rates = readings.Select(r => (double)r.Rate).Order().ToList();
        var median = rates.Count % 2 == 1 ? rates[rates.Count / 2] : (rates[rates.Count / 2 - 1] + rates[rates.Count / 2]) / 2;
        return new DirtyRateDuringMigration(readings, median, final, successor);
    }

    private static async Task CapAsync(QmpClient qmp, Task<QmpEvent> secondPass, long cap, CancellationToken cancellationToken)
    {
        try
        {
            await secondPass;
            await qmp.SetMigrationParametersAsync(new MigrationParameters { MaxBandwidth = cap }, cancellationToken)
                .WaitAsync(GuestTimeouts.Step, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or QmpConnectionClosedException)
        {
            // The measurement ended before the second pass (it then fails for want of readings).
        }
    }
}
