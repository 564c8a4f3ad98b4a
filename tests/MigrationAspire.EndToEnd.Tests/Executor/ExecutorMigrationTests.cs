using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Executor;

/// <summary>
/// The executors alone, driven over the real bus as the scheduler drives them: real QEMU under TCG, a busy
/// guest (128 MiB dirtied at 20 000 pages/s), samples in the real Redis.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ExecutorMigrationTests(LabFixture lab, ITestOutputHelper output)
{
    private const int WorkingSetMiB = 128;
    private static readonly VmSpec BusyVm = new() { MemoryMiB = 512, Vcpus = 1 };
    private static readonly WorkloadSpec BusyWorkload = new() { WorkingSetMiB = WorkingSetMiB, DirtyRatePagesPerSecond = 20_000 };

    private TestVm Busy => lab.Vm("busy", BusyVm, BusyWorkload);

    [Theory]
    [InlineData(MigrationMode.Precopy)]
    [InlineData(MigrationMode.Stopcopy)]
    [InlineData(MigrationMode.Postcopy)]
    public async Task Each_mode_completes_with_a_healthy_intact_guest_samples_in_redis_and_no_qemu_left_behind(MigrationMode mode)
    {
        var outcome = await Busy.MigrateAsync(new MigrationSpec { Mode = mode, MaxTimeSeconds = 120 });

        var completed = AssertCompleted(outcome);
        var result = completed.Result;
        output.WriteLine(Describe(result));
        Assert.Equal(mode, result.Mode);
        Assert.True(result.GuestHealthy);
        Assert.Equal(0, result.IntegrityErrors);
        Assert.Equal(WorkingSetMiB * 256, result.PagesVerified);
        Assert.True(result.TotalTimeMs > 0 && result.DowntimeMs > 0 && result.GuestObservedDowntimeMs > 0);
        Assert.True(result.TransferredBytes > WorkingSetMiB * 1024L * 1024, "the whole working set crossed the wire");
        Assert.NotEmpty(result.PassHistory);
        if (mode == MigrationMode.Postcopy)
            Assert.True(result.PostcopyRequests > 0 || result.Notes.Count > 0, "post-copy either faulted pages in or says why not");

        var redis = await ConnectionMultiplexer.ConnectAsync(lab.Redis);
        var samples = await redis.GetDatabase().StreamRangeAsync(LiveSampleStream.Key(completed.RunId));
        Assert.True(samples.Length >= 3, $"expected live samples, found {samples.Length}");
        var last = LiveSampleStream.Deserialize(samples[^1][LiveSampleStream.Field]!)!;
        Assert.Equal("completed", last.Status);
        Assert.True(await redis.GetDatabase().KeyTimeToLiveAsync(LiveSampleStream.Key(completed.RunId)) > TimeSpan.Zero, "the stream expires");

        Assert.Single(LabProcesses.Qemu(lab.LabDirectory, Busy.VmId));
    }

    [Fact]
    public async Task Stop_and_copy_downtime_is_its_whole_copy_while_precopy_downtime_is_a_small_fraction_of_its_total()
    {
        var precopy = AssertCompleted(await Busy.MigrateAsync(new MigrationSpec { Mode = MigrationMode.Precopy })).Result;
        var stopcopy = AssertCompleted(await Busy.MigrateAsync(new MigrationSpec { Mode = MigrationMode.Stopcopy })).Result;
        output.WriteLine(Describe(precopy));
        output.WriteLine(Describe(stopcopy));

        // The seed study's core finding, from measured numbers.
        // Stop-and-copy's guest pause is the host's STOP→RESUME (hostPauseMs); QEMU's downtimeMs covers only its final phase.
        Assert.True(stopcopy.HostPauseMs >= 0.9 * stopcopy.TotalTimeMs, $"stop-and-copy host pause {stopcopy.HostPauseMs:F0} ms vs total {stopcopy.TotalTimeMs:F0} ms");
        Assert.True(stopcopy.DowntimeMs < stopcopy.HostPauseMs);
        Assert.Equal(0, stopcopy.PrecopyTimeMs);
        Assert.True(precopy.DowntimeMs < 0.2 * precopy.TotalTimeMs, $"pre-copy downtime {precopy.DowntimeMs:F0} ms vs total {precopy.TotalTimeMs:F0} ms");
        Assert.True(precopy.PrecopyTimeMs > 0.5 * precopy.TotalTimeMs);
        Assert.True(precopy.DowntimeMs < stopcopy.HostPauseMs);
        Assert.Null(precopy.HostPauseMs);
        // The guest saw it too: host-timestamped heartbeats stopped for about as long as the lab says.
        Assert.True(stopcopy.GuestObservedDowntimeMs >= 0.8 * stopcopy.HostPauseMs);
        Assert.True(precopy.GuestObservedDowntimeMs < stopcopy.GuestObservedDowntimeMs);
    }

    public static TheoryData<string, MigrationSpec> Tunings => new()
    {
        // 78 MiB/s of writes over a 64 MiB/s link: only throttling the guest lets it converge.
        { "auto-converge", new MigrationSpec { AutoConverge = new AutoConvergeSpec { InitialThrottlePercent = 50, IncrementPercent = 25 }, MaxBandwidthMiBps = 64 } },
        { "multifd, 2 channels, zstd", new MigrationSpec { MultifdChannels = 2, Compression = MultifdCompression.Zstd } },
        { "xbzrle, 32 MiB cache", new MigrationSpec { XbzrleCacheMiB = 32 } },
        { "downtime limit 50 ms", new MigrationSpec { DowntimeLimitMs = 50 } },
        // After the switch the guest stalls on every page still on the source, fetched over a 64 MiB/s link.
        { "post-copy on a 64 MiB/s link", new MigrationSpec { Mode = MigrationMode.Postcopy, MaxBandwidthMiBps = 64 } },
    };

    [Theory]
    [MemberData(nameof(Tunings))]
    public async Task Each_tuning_is_applied_and_the_guest_arrives_intact(string name, MigrationSpec migration)
    {
        var result = AssertCompleted(await Busy.MigrateAsync(migration with { MaxTimeSeconds = 30, OnLimit = LimitAction.Pause })).Result;

        output.WriteLine($"{name}: {Describe(result)}");
        Assert.True(result.GuestHealthy);
        Assert.Equal(0, result.IntegrityErrors);
        if (migration.AutoConverge is not null)
            Assert.True(result.CpuThrottlePercent >= 50, $"auto-converge throttled the guest ({result.CpuThrottlePercent} %)");
        // After the switch the destination faulted pages in from the source, and its vCPUs stalled on them: stalls QEMU's
        // downtime leaves out. (Not "guest saw ≫ QEMU's downtime": under load QEMU's post-copy downtime can span the
        // whole post-copy phase, 1 767 ms where total − pre-copy was 1 765 ms, seen on a 2-core CI machine.)
        if (migration.Mode == MigrationMode.Postcopy)
        {
            Assert.True(result.PostcopyRequests > 0, $"the destination asked the source for {result.PostcopyRequests} pages after the switch");
            // QEMU measured the stall (postcopy-blocktime); it may round to 0 ms: a fresh-clone run here reported 0 with pages
            // requested and a 423 ms heartbeat gap, so the gap below is what shows the stall.
            Assert.True(result.PostcopyBlocktimeMs is >= 0, $"the destination's vCPUs stalled {result.PostcopyBlocktimeMs} ms on missing pages");
            Assert.True(result.GuestObservedDowntimeMs > 0, $"the guest saw {result.GuestObservedDowntimeMs} ms without a heartbeat");
        }
    }

    internal static MigrationCompleted AssertCompleted(object outcome) => outcome switch
    {
        MigrationCompleted completed => completed,
        MigrationFailed failed => throw new Xunit.Sdk.XunitException($"migration failed at {failed.Step} (guest {failed.Guest}): {failed.Reason}"),
        _ => throw new Xunit.Sdk.XunitException($"unexpected outcome {outcome}"),
    };

    internal static string Describe(MigrationResult r) =>
        $"{r.Mode} {r.SourceHost}→{r.DestinationHost}: total {r.TotalTimeMs:F0} ms, downtime {r.DowntimeMs:F1} ms (host pause {r.HostPauseMs:F0}), " +
        $"pre-copy {r.PrecopyTimeMs:F0} ms, guest saw {r.GuestObservedDowntimeMs:F1} ms, {r.Passes} passes, {r.TransferredBytes / 1048576.0:F0} MiB sent, " +
        $"dirty rate {r.DirtyPagesRate} pages/s (probe {r.MeasuredDirtyRate:F0}), throughput {r.ThroughputMbps:F0} Mbps, " +
        $"CPU {r.SourceCpuSeconds:F1}+{r.DestinationCpuSeconds:F1} s, {r.PagesVerified} pages verified, {r.IntegrityErrors} errors, {r.SampleCount} samples" +
        (r.LimitReached is null ? "" : $", limit {r.LimitReached}") + (r.Notes.Count == 0 ? "" : $", notes: {string.Join("; ", r.Notes)}");
}
