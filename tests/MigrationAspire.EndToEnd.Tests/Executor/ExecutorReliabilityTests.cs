using System.Diagnostics;
using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Executor;

/// <summary>What the executor does when a command, a cancel or its source QEMU goes wrong (issue 12).</summary>
[Collection(LabCollection.Name)]
public sealed class ExecutorReliabilityTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly VmSpec SmallVm = new() { MemoryMiB = 256, Vcpus = 1 };
    private static readonly WorkloadSpec Hot = new() { WorkingSetMiB = 32, DirtyRatePagesPerSecond = 20_000 };

    // A guest of these tests alone: refusals must find it where they left it, whatever other classes did to theirs.
    private TestVm Small => lab.Vm("guarded", SmallVm, Hot);

    // The guest whose source QEMU is killed is lost: it is never used again.
    private TestVm Doomed => lab.Vm("doomed", SmallVm, Hot);

    [Fact]
    public async Task An_exec_migration_uri_off_the_bus_is_refused_before_qemu_sees_it_and_the_guest_runs_on()
    {
        var proof = Path.Combine(lab.LabDirectory, $"pwned-{Guid.NewGuid():n}");

        var outcome = await Small.MigrateAsync(new MigrationSpec(), uri: _ => $"exec:touch {proof}");

        var failed = Assert.IsType<MigrationFailed>(outcome);
        output.WriteLine(failed.Reason);
        Assert.Contains("only tcp:<address>:<port> is accepted", failed.Reason);
        Assert.Equal(GuestLocation.Source, failed.Guest);
        Assert.False(File.Exists(proof), "QEMU ran the exec: URI");
        // The guest was never paused: its next migration goes through.
        Assert.IsType<MigrationCompleted>(await Small.MigrateAsync(new MigrationSpec()));
    }

    [Fact]
    public async Task A_migration_uri_naming_another_address_than_the_destination_s_is_refused()
    {
        // The destination listens at its namespace's address (or loopback when the lab has no network); 127.0.0.2 is neither.
        string? listening = null;
        var outcome = await Small.MigrateAsync(new MigrationSpec(), uri: ready =>
        {
            listening = ready[4..ready.LastIndexOf(':')];
            return "tcp:127.0.0.2:" + ready.Split(':')[^1];
        });

        var failed = Assert.IsType<MigrationFailed>(outcome);
        output.WriteLine(failed.Reason);
        Assert.Contains($"listens at {listening}, not there", failed.Reason);
        Assert.Equal(GuestLocation.Source, failed.Guest);
    }

    [Fact]
    public async Task A_cancel_that_arrives_before_the_migration_is_under_way_is_honoured()
    {
        var outcome = await Small.MigrateAsync(new MigrationSpec(), whileMigrating: (runId, _) =>
            lab.Bus.Send(new CancelMigration { RunId = runId, VmId = Small.VmId, Host = Small.Host!, Reason = "cancelled by the test at once" }));

        var failed = Assert.IsType<MigrationFailed>(outcome);
        output.WriteLine(failed.Reason);
        Assert.Equal("cancelled by the test at once", failed.Reason);
        Assert.Equal(GuestLocation.Source, failed.Guest);
    }

    [Fact]
    public async Task A_source_qemu_killed_mid_migration_fails_the_run_within_seconds_naming_its_death()
    {
        var killedAt = Stopwatch.StartNew();
        // 8 MiB/s cannot carry 20 000 pages/s: the migration is still in pre-copy when its source dies.
        var slow = new MigrationSpec { MaxBandwidthMiBps = 8, MaxTimeSeconds = 600, MaxPasses = 10_000 };
        var outcome = await Doomed.MigrateAsync(slow, whileMigrating: async (_, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            var source = LabProcesses.Qemu(lab.LabDirectory, Doomed.VmId).Single(p => !p.CommandLine.Contains("-incoming", StringComparison.Ordinal));
            Process.GetProcessById(source.Pid).Kill();
            killedAt.Restart();
        });

        var failed = Assert.IsType<MigrationFailed>(outcome);
        output.WriteLine($"{killedAt.Elapsed.TotalSeconds:F1} s after the kill: {failed.Reason}");
        Assert.Contains("the source QEMU", failed.Reason);
        Assert.Contains("died", failed.Reason);
        Assert.Equal(GuestLocation.Lost, failed.Guest);
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(10), $"noticed {killedAt.Elapsed.TotalSeconds:F1} s after the kill");
    }
}
