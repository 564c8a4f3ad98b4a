using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;
using static MigrationAspire.EndToEnd.Tests.Executor.ExecutorMigrationTests;

namespace MigrationAspire.EndToEnd.Tests.Executor;

/// <summary>
/// Migrations that go wrong, on a small guest whose working set (32 MiB, rewritten at 20 000 pages/s) is
/// dirtied far faster than an 8 MiB/s link can carry: it can never converge on its own.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ExecutorLimitTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly VmSpec SmallVm = new() { MemoryMiB = 256, Vcpus = 1 };
    private static readonly WorkloadSpec Hot = new() { WorkingSetMiB = 32, DirtyRatePagesPerSecond = 20_000 };

    /// <summary>The small, hot guest, one per lab: <see cref="ConvergencePolicyTests"/> migrates the same one.</summary>
    internal static TestVm SmallHot(LabFixture lab) => lab.Vm("small", SmallVm, Hot);

    private TestVm Small => SmallHot(lab);

    private static MigrationSpec Hopeless(LimitAction action, int? maxPasses = null) => new()
    {
        Mode = MigrationMode.Precopy,
        MaxBandwidthMiBps = 8,
        MaxTimeSeconds = maxPasses is null ? 6 : 600,
        MaxPasses = maxPasses,
        OnLimit = action,
    };

    [Fact]
    public async Task A_time_limit_with_the_cancel_action_ends_the_migration_and_keeps_the_guest_on_its_source()
    {
        var source = await Small.EnsureBootedAsync();
        var outcome = await Small.MigrateAsync(Hopeless(LimitAction.Cancel));

        var failed = Assert.IsType<MigrationFailed>(outcome);
        output.WriteLine($"{failed.Step}: {failed.Reason}");
        Assert.Equal(GuestLocation.Source, failed.Guest);
        Assert.Equal(RunStep.Migrate, failed.Step);
        Assert.Contains("max-time 6 s: cancel", failed.Reason);
        Assert.Equal("max-time 6 s: cancel", failed.Partial!.LimitReached);
        Assert.True(failed.Partial.TotalTimeMs >= 5500, $"pre-copy kept going until the limit, {failed.Partial.TotalTimeMs:F0} ms");
        // The guest is still the one on the source, alive: the destination QEMU is gone, and it migrates fine.
        Assert.Equal(source, Small.Host);
        // The destination goes when its AbortIncoming arrives: sent before the failure, handled on the destination's time.
        await WaitForSingleQemuAsync(Small.VmId);
        var next = AssertCompleted(await Small.MigrateAsync(new MigrationSpec()));
        Assert.True(next.Result.GuestHealthy);
    }

    [Fact]
    public async Task A_time_limit_with_the_pause_action_finishes_as_stop_and_copy()
    {
        var completed = AssertCompleted(await Small.MigrateAsync(Hopeless(LimitAction.Pause)));

        var result = completed.Result;
        output.WriteLine(Describe(result));
        Assert.Equal("max-time 6 s: pause", result.LimitReached);
        Assert.True(result.GuestHealthy);
        Assert.Equal(0, result.IntegrityErrors);
        // The lab paused the guest: its pause is the whole final copy at 8 MiB/s, from the pause to the resume, which QEMU's downtime leaves out.
        Assert.True(result.HostPauseMs > 1000, $"host pause {result.HostPauseMs:F0} ms");
        Assert.True(result.HostPauseMs > 10 * result.DowntimeMs);
        Assert.True(result.PrecopyTimeMs >= 5500, $"pre-copy ran until the limit, {result.PrecopyTimeMs:F0} ms");
    }

    [Fact]
    public async Task A_pass_limit_with_the_postcopy_action_switches_to_post_copy_and_completes()
    {
        var completed = AssertCompleted(await Small.MigrateAsync(Hopeless(LimitAction.Postcopy, maxPasses: 4)));

        var result = completed.Result;
        output.WriteLine(Describe(result));
        Assert.Equal("max-passes 4: postcopy", result.LimitReached);
        Assert.True(result.GuestHealthy);
        Assert.Equal(0, result.IntegrityErrors);
        Assert.True(result.PostcopyRequests > 0, "the destination faulted pages in from the source");
    }

    [Fact]
    public async Task Killing_the_destination_mid_migration_fails_it_with_a_reason_keeps_the_guest_running_and_orphans_nothing()
    {
        var source = await Small.EnsureBootedAsync();
        var outcome = await Small.MigrateAsync(Hopeless(LimitAction.Cancel) with { MaxTimeSeconds = 120 }, async (runId, destination) =>
        {
            // Kill the destination QEMU once the stream is flowing.
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (DateTime.UtcNow < deadline)
            {
                // The destination's QEMU, by its work directory (a source that once arrived by migration has -incoming too).
                var incoming = LabProcesses.Qemu(lab.LabDirectory, Small.VmId)
                    .Where(p => p.CommandLine.Contains($"/hosts/{destination}/", StringComparison.Ordinal)).ToList();
                if (incoming.Count == 1 && await TransferredAsync(runId) > 4 << 20)
                {
                    output.WriteLine($"killing destination QEMU {incoming[0].Pid} on {destination}");
                    System.Diagnostics.Process.GetProcessById(incoming[0].Pid).Kill();
                    return;
                }
                await Task.Delay(200);
            }
            throw new TimeoutException("the migration never got going");
        });

        var failed = Assert.IsType<MigrationFailed>(outcome);
        output.WriteLine($"{failed.Step}: {failed.Reason}");
        Assert.Equal(GuestLocation.Source, failed.Guest);
        Assert.Equal(RunStep.Migrate, failed.Step);
        Assert.False(string.IsNullOrWhiteSpace(failed.Reason));
        Assert.Equal(source, Small.Host);
        await WaitForSingleQemuAsync(Small.VmId);
        var next = AssertCompleted(await Small.MigrateAsync(new MigrationSpec()));
        Assert.True(next.Result.GuestHealthy, "the source guest survived and still migrates");
    }

    [Fact]
    public async Task A_vm_beyond_the_hosts_memory_budget_is_refused_before_anything_starts()
    {
        var vmId = $"huge-{Guid.NewGuid():n}"[..13];
        await lab.Bus.Send(new BootVm { VmId = vmId, Host = "b", Vm = new VmSpec { MemoryMiB = 8192 }, Workload = new WorkloadSpec() });

        var refused = await lab.Bus.WaitFor<VmBootFailed>(f => f.VmId == vmId, TimeSpan.FromSeconds(30));
        output.WriteLine(refused.Reason);
        Assert.Contains("budget", refused.Reason);
        Assert.Contains("8192 MiB", refused.Reason);
        Assert.Empty(LabProcesses.Qemu(lab.LabDirectory, vmId));
    }

    private async Task<long> TransferredAsync(string runId)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(lab.Redis);
        var last = await redis.GetDatabase().StreamRangeAsync(LiveSampleStream.Key(runId), count: 1, messageOrder: StackExchange.Redis.Order.Descending);
        return last.Length == 0 ? 0 : LiveSampleStream.Deserialize(last[0][LiveSampleStream.Field]!)!.TransferredBytes;
    }

    private async Task WaitForSingleQemuAsync(string vmId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (LabProcesses.Qemu(lab.LabDirectory, vmId).Count != 1 && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.Single(LabProcesses.Qemu(lab.LabDirectory, vmId));
    }
}
