using MigrationAspire.Contracts;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Qmp;
using Xunit.Abstractions;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// What the destination's check reading rests on (issue 17, <see cref="CheckReading"/>): probed in the first second
/// after a guest resumed on its new host, its dirty rate reads the writer's rate as well as a probe a second later, the
/// one the VM's next run would have taken. The hard case is a guest paused for its copy: its writer must go on at its rate, not catch up.
/// </summary>
[Collection(GuestCollection.Name)]
public sealed class CheckReadingTests(SharedGuest shared, ITestOutputHelper output)
{
    // 20 MiB/s over a 128 MiB working set: a sequential writer needs 6.4 s to come round, so a 1 s window counts every
    // page it wrote once, and QEMU's whole MiB/s (rounded down) read 19-20.
    private const int Rate = 5_120;
    private const long Unlimited = 64L << 30;

    [Fact]
    public async Task A_probe_right_after_a_paused_guest_resumes_reads_the_rate_of_a_probe_a_second_later()
    {
        using var timeout = new CancellationTokenSource(GuestTimeouts.Test);
        var ct = timeout.Token;
        var booted = await GuestQemu.BootAsync(shared.WorkDirectory, "check", GuestQemu.Sequential(Rate), GuestTimeouts.Boot, ct);
        await using var source = booted.Qemu;
        await using var migration = await LocalMigration.PrepareAsync(source, shared.WorkDirectory, "checkd", ct);
        await source.Qmp.SetMigrationParametersAsync(new MigrationParameters { MaxBandwidth = Unlimited }, ct).WaitAsync(TestTimeouts.Step, ct);
        await source.Qmp.StopAsync(ct).WaitAsync(TestTimeouts.Step, ct);
        var stoppedAt = DateTimeOffset.UtcNow;
        await migration.StartAsync(ct);
        var final = await migration.WaitForFinalAsync(GuestTimeouts.Migration, ct);
        Assert.True(final.Status == MigrationStatus.Completed, $"the copy ended {final.Status}: {final.ErrorDesc}");
        await migration.ContinueOnDestinationAsync(ct);
        var resumedAt = await migration.WaitForDestinationResumeAsync(ct);
        var destination = migration.Destination;

        // As the check takes it (from the resume, one window), then as the next run's own probe would.
        var atCheck = await DirtyRateProbe.MeasureAsync(destination.Qmp, DirtyRateProbe.Window, ct).WaitAsync(TestTimeouts.Step, ct);
        var later = await DirtyRateProbe.MeasureAsync(destination.Qmp, DirtyRateProbe.Window, ct).WaitAsync(TestTimeouts.Step, ct);

        output.WriteLine($"guest paused {(resumedAt - stoppedAt).TotalMilliseconds:0} ms for its copy; at the check {atCheck?.PagesPerSecond} pages/s, " +
                         $"a second later {later?.PagesPerSecond} pages/s (target {Rate}, resolution {DirtyRateProbe.ResolutionPagesPerSecond})");
        Assert.NotNull(atCheck?.PagesPerSecond);
        Assert.NotNull(later?.PagesPerSecond);
        // One probe reads ±2 steps of QEMU's whole MiB/s here (18-21 MiB/s at the check and a second later alike, in
        // both orders, measured 2026-12-03), so each is held to the writer's rate, not to the other reading.
        foreach (var (when, reading) in new[] { ("at the check", atCheck!.PagesPerSecond!.Value), ("a second later", later!.PagesPerSecond!.Value) })
            Assert.True(Math.Abs(reading - Rate) <= 0.15 * Rate, $"{when} the probe read {reading:0} pages/s for a writer at {Rate}");
    }
}
