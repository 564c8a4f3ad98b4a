using MigrationAspire.Contracts;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Qmp;
using Xunit.Abstractions;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// The integrity check seen to fire: pages damaged on the source (the test-only <c>damage</c> command: each gets its
/// previous generation's contents, as if a write were lost) reach the destination through a migration QEMU calls
/// completed, and the destination's inspection finds exactly those pages, once each.
/// </summary>
[Collection(GuestCollection.Name)]
public sealed class DamageTests(SharedGuest shared, ITestOutputHelper output)
{
    private const int WorkingSetDamage = 5;
    private const int ResidentDamage = 7;
    private static readonly VmSpec Vm = new() { MemoryMiB = 256, Vcpus = 1 };

    [Fact]
    public async Task Damage_before_a_precopy_the_destination_finds_exactly_the_damaged_pages_once()
    {
        using var timeout = new CancellationTokenSource(GuestTimeouts.Test);
        var ct = timeout.Token;
        var boot = await GuestQemu.BootAsync(shared.WorkDirectory, "damaged", StopAndCopyRun.Workload(50), GuestTimeouts.Boot * 2, ct, Vm);
        await using var source = boot.Qemu;
        var (wsPages, residentPages) = (boot.Ready.WorkingSetPages, boot.Ready.ResidentPages);

        var ws = await source.Console.DamageAsync(WorkingSetDamage, GuestMemoryRegion.WorkingSet, TestTimeouts.Step, ct);
        var resident = await source.Console.DamageAsync(ResidentDamage, GuestMemoryRegion.Resident, TestTimeouts.Step, ct);
        Assert.Equal((WorkingSetDamage, ResidentDamage), (ws.Pages, resident.Pages));
        // PROTOCOL.md: the k-th of n damaged pages of a region is first + ⌊k · size / n⌋.
        var damaged = Enumerable.Range(0, WorkingSetDamage).Select(k => k * wsPages / WorkingSetDamage)
            .Concat(Enumerable.Range(0, ResidentDamage).Select(k => wsPages + k * residentPages / ResidentDamage))
            .ToHashSet();

        await using var migration = await LocalMigration.PrepareAsync(source, shared.WorkDirectory, "damaged-d", ct);
        await migration.StartAsync(ct);
        var final = await migration.WaitForFinalAsync(GuestTimeouts.Migration, ct);
        Assert.Equal(MigrationStatus.Completed, final.Status);
        var resumedAt = await migration.WaitForDestinationResumeAsync(ct);
        await TestTimeouts.Until(resumedAt + TimeSpan.FromSeconds(1), ct);
        var destination = migration.Destination.Console;
        var inspection = await GuestInspection.RunAsync(destination, resumedAt, GuestInspection.SteadyFrom(resumedAt, TimeSpan.FromSeconds(1)), boot.Ready.CheckedPages, ct);
        output.WriteLine($"Damaged {ws.Pages} working-set and {resident.Pages} resident pages of {boot.Ready.CheckedPages}, then a pre-copy: {final.Status} " +
                         $"in {final.TotalTime} ms; the destination's verify checked {inspection.Evidence.Verify.Checked} pages and found {inspection.Evidence.Verify.Errors}, " +
                         $"the guest's total is {inspection.Evidence.ErrorTotal}; verdict: {string.Join("; ", inspection.Problems)}");

        // The sequential writer may have met a damaged working-set page first (on either side): it counts in the
        // total, which travels in the guest's memory. Resident pages only a verify reads.
        Assert.Equal(damaged.Count, inspection.IntegrityErrors);
        Assert.InRange(inspection.Evidence.Verify.Errors, ResidentDamage, damaged.Count);
        Assert.Equal(boot.Ready.CheckedPages, inspection.Evidence.Verify.Checked);
        var problem = Assert.Single(inspection.Problems);
        Assert.Contains($"found {damaged.Count} pages with unexpected contents", problem);
        var reported = source.Console.IntegrityErrors.Concat(destination.IntegrityErrors).Select(e => e.Page).ToList();
        Assert.Equal(damaged.Order(), reported.Order());

        // A bad page is rewritten when found: the same loss is never counted twice.
        var again = await destination.VerifyAsync(GuestTimeouts.Verify, ct);
        Assert.Equal(0, again.Errors);
        Assert.Equal(damaged.Count, (await destination.HeartbeatAfterAsync(again.Seq, TestTimeouts.Step, ct)).Errors);
    }
}
