using MigrationAspire.Contracts;
using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// One guest booted with some resident memory, verified, moved by stop-and-copy to a second QEMU (as the lab does it:
/// <c>stop</c>, <c>migrate</c> at a cap high enough not to matter, <c>cont</c> on the destination), watched there
/// and inspected as the destination executor inspects it.
/// </summary>
internal sealed record StopAndCopyRun(
    int MemoryMiB, int ResidentPercent, BootedGuest Boot, TimeSpan? KernelBoot, GuestLine.Verify SourceVerify,
    MigrationInfo Final, DateTimeOffset ResumedAt, GuestInspection Destination)
{
    public const int WorkingSetMiB = 32;
    private const long Unlimited = 64L << 30;
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(1);

    public GuestLine.Ready Ready => Boot.Ready;
    public long TransferredBytes => Final.Ram?.Transferred ?? 0;

    public static WorkloadSpec Workload(int residentPercent) =>
        GuestQemu.Sequential(1_000, WorkingSetMiB) with { ResidentPercent = residentPercent };

    public static async Task<StopAndCopyRun> RunAsync(string workDirectory, int memoryMiB, int residentPercent, CancellationToken cancellationToken)
    {
        var vm = new VmSpec { MemoryMiB = memoryMiB, Vcpus = 1 };
        var boot = await GuestQemu.BootAsync(workDirectory, $"r{residentPercent}m{memoryMiB}", Workload(residentPercent), GuestTimeouts.Boot * 2, cancellationToken, vm);
        await using var source = boot.Qemu;
        var kernelBoot = source.Console.Start is { } start ? start.At - source.StartedAt : (TimeSpan?)null;
        var sourceVerify = await source.Console.VerifyAsync(GuestTimeouts.Verify, cancellationToken);

        await using var migration = await LocalMigration.PrepareAsync(source, workDirectory, $"r{residentPercent}m{memoryMiB}d", cancellationToken);
        await source.Qmp.SetMigrationParametersAsync(new MigrationParameters { MaxBandwidth = Unlimited }, cancellationToken)
            .WaitAsync(TestTimeouts.Step, cancellationToken);
        await source.Qmp.StopAsync(cancellationToken).WaitAsync(TestTimeouts.Step, cancellationToken);
        await migration.StartAsync(cancellationToken);
        var final = await migration.WaitForFinalAsync(GuestTimeouts.Migration, cancellationToken);
        Assert.True(final.Status == MigrationStatus.Completed,
            $"the stop-and-copy of the {memoryMiB} MiB guest ended {final.Status}: {final.ErrorDesc}; destination QEMU: {migration.Destination.Diagnostics}");
        await migration.ContinueOnDestinationAsync(cancellationToken);
        var resumedAt = await migration.WaitForDestinationResumeAsync(cancellationToken);

        await TestTimeouts.Until(resumedAt + Watch, cancellationToken);
        var inspection = await GuestInspection.RunAsync(migration.Destination.Console, resumedAt, GuestInspection.SteadyFrom(resumedAt, Watch), boot.Ready.CheckedPages, cancellationToken);
        return new StopAndCopyRun(memoryMiB, residentPercent, boot, kernelBoot, sourceVerify, final, resumedAt, inspection);
    }

    public override string ToString() =>
        $"{MemoryMiB} MiB, resident {ResidentPercent} %: {Ready.ResidentPages} resident + {Ready.WorkingSetPages} working-set pages; " +
        $"READY {Boot.BootTime.TotalSeconds:F2} s after QEMU started (START at {KernelBoot?.TotalSeconds:F2} s, resident fill {Ready.ResidentFillMs} ms, " +
        $"working-set fill {Ready.FillMs} ms); stop-and-copy sent {TransferredBytes / 1048576.0:F1} MiB ({Final.Ram?.NormalBytes / 1048576.0:F1} MiB of normal pages, " +
        $"{Final.Ram?.Duplicate} zero pages) in {Final.TotalTime} ms; destination verified {Destination.Evidence.Verify.Checked} pages, " +
        $"{Destination.IntegrityErrors} bad, {Destination.Evidence.Cadence.Printed} of {Destination.Evidence.Cadence.Due} heartbeats in the watch " +
        $"(arrived per 100 ms from the resume: {string.Join(" ", ArrivalsPer100Ms())})";

    private IEnumerable<int> ArrivalsPer100Ms() => Enumerable.Range(0, 10).Select(bucket => Destination.Heartbeats.Count(b =>
        b.At >= ResumedAt + TimeSpan.FromMilliseconds(100 * bucket) && b.At < ResumedAt + TimeSpan.FromMilliseconds(100 * (bucket + 1))));
}
