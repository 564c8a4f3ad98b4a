using MigrationAspire.Contracts;
using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;
using Xunit.Abstractions;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// The proof that QEMU and the guest are sound for the lab: a busy guest migrated back and forth keeps running
/// on every destination, and its own checker finds every page as it last wrote it. QEMU's "completed" alone
/// proves neither (docs/machine-facts.md: QEMU 7.2 completed migrations that had lost writes).
/// </summary>
[Collection(GuestCollection.Name)]
public sealed class RepeatedMigrationTests(SharedGuest shared, ITestOutputHelper output)
{
    private const int Migrations = 5;

    // 200 heartbeats are due in the first two seconds on the destination; at least 20 a second must arrive. Two seconds,
    // not one: the host stamps lines as they arrive, and on this loaded two-core machine lines the guest printed on
    // time have arrived up to ~1 s late, in a burst (while a thread of the test process never lagged > 50 ms), which
    // once left 23 of the first second's lines inside a one-second window, and 47 in two other migrations.
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(2);
    private const int MinimumHeartbeatsPerSecond = 20;

    [Fact]
    public async Task Migrate_busy_guest_five_times_over_loopback_beats_on_every_destination_and_loses_no_page()
    {
        using var timeout = new CancellationTokenSource(GuestTimeouts.Test);
        var ct = timeout.Token;
        var workload = GuestQemu.Sequential(SharedGuest.BusyRate);
        var booted = await GuestQemu.BootAsync(shared.WorkDirectory, "a", workload, GuestTimeouts.Boot, ct);
        output.WriteLine($"Booted on A ({GuestQemu.Describe(workload)}, 512 MiB, TCG): READY after {booted.BootTime.TotalSeconds:F2} s");
        var guest = booted.Qemu;
        try
        {
            for (var n = 1; n <= Migrations; n++)
            {
                var (from, to) = n % 2 == 1 ? ("A", "B") : ("B", "A");
                await using var migration = await LocalMigration.PrepareAsync(guest, shared.WorkDirectory, to.ToLowerInvariant(), ct);
                var destination = migration.Destination;
                await migration.StartAsync(ct);
                var final = await migration.WaitForFinalAsync(GuestTimeouts.Migration, ct);
                Assert.True(final.Status == MigrationStatus.Completed,
                    $"migration {n} ({from}→{to}) ended {final.Status}: {final.ErrorDesc}; source QEMU: {guest.Diagnostics}; destination QEMU: {destination.Diagnostics}");
                var resumedAt = await migration.WaitForDestinationResumeAsync(ct);

                var watchEnd = resumedAt + Watch;
                await TestTimeouts.Until(watchEnd + TimeSpan.FromMilliseconds(50), ct);
                var sourceBeats = guest.Console.HeartbeatsBetween(migration.StartedAt - TimeSpan.FromSeconds(1));
                var destinationBeats = destination.Console.HeartbeatsBetween(migration.StartedAt, watchEnd);
                Assert.True(sourceBeats.Count > 0, $"migration {n}: the source printed no heartbeat during the migration; console: {guest.Console.Tail()}");
                var lastOnSource = sourceBeats[^1];

                Assert.True(destinationBeats.Count >= MinimumHeartbeatsPerSecond * Watch.TotalSeconds,
                    $"migration {n} ({from}→{to}): {destinationBeats.Count} heartbeats on the destination in the {Watch.TotalSeconds:0} s after RESUME; console: {destination.Console.Tail()}");
                Assert.True(destinationBeats[0].Seq > lastOnSource.Seq,
                    $"migration {n}: the destination's first heartbeat has seq {destinationBeats[0].Seq}, the source's last {lastOnSource.Seq}");
                for (var i = 1; i < destinationBeats.Count; i++)
                {
                    Assert.True(destinationBeats[i].Seq > destinationBeats[i - 1].Seq,
                        $"migration {n}: destination heartbeat seq {destinationBeats[i - 1].Seq} was followed by {destinationBeats[i].Seq}");
                }

                var verify = await destination.Console.VerifyAsync(GuestTimeouts.Verify, ct);
                var afterVerify = await destination.Console.HeartbeatAfterAsync(verify.Seq, TestTimeouts.Step, ct);
                var seamMs = (destinationBeats[0].At - lastOnSource.At).TotalMilliseconds;
                var guestSawMs = HeartbeatGaps.GuestObservedDowntimeMs(sourceBeats, destinationBeats);
                output.WriteLine(
                    $"Migration {n} {from}→{to}: {final.Status}, total {final.TotalTime} ms, QEMU downtime {final.Downtime} ms, " +
                    $"{final.Ram?.Pass} passes, {final.Ram?.Transferred / (1024 * 1024)} MiB sent; " +
                    $"host-seen heartbeat gap {seamMs:F0} ms (source seq {lastOnSource.Seq} → destination seq {destinationBeats[0].Seq}; largest gap around it {guestSawMs:F0} ms); " +
                    $"{destinationBeats.Count(b => b.At < resumedAt + TimeSpan.FromSeconds(1))} heartbeats in the first second on {to}, {destinationBeats.Count} in {Watch.TotalSeconds:0} s " +
                    $"(largest gap {HeartbeatGaps.MaxGapMs(destinationBeats):F0} ms); verify: {verify.Checked} pages checked, {verify.Errors} bad; running error total {afterVerify.Errors}");

                Assert.True(verify.Errors == 0 && afterVerify.Errors == 0 && destination.Console.IntegrityErrors.Count == 0,
                    $"migration {n} ({from}→{to}) lost writes: verify found {verify.Errors} bad pages, the running total is {afterVerify.Errors}; " +
                    string.Join("; ", destination.Console.IntegrityErrors.Take(3)));
                Assert.Equal(GuestQemu.WorkingSetPages(workload), verify.Checked);

                // The guest lives on the destination now; the old source is ended.
                var oldSource = guest;
                guest = migration.TakeDestination();
                await oldSource.DisposeAsync();
            }
        }
        finally
        {
            await guest.DisposeAsync();
        }
    }
}
