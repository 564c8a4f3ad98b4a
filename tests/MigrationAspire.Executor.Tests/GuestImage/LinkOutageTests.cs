using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qmp;
using Xunit.Abstractions;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// A link that fails mid-migration, with real QEMU on both sides (OutageRun): post-copy is paused and recovered,
/// or lost past its limit; pre-copy is ended and the guest runs on, intact, on the source.
/// </summary>
[Collection(GuestCollection.Name)]
public sealed class LinkOutageTests(SharedGuest shared, ITestOutputHelper output) : IAsyncLifetime
{
    // 8 MiB/s for a 32 MiB working set: post-copy (switched at the first pass) lasts seconds, so the cut at 1.5 s hits it.
    private static readonly MigrationSpec Postcopy = new()
    {
        Mode = MigrationMode.Postcopy, PostcopyAfterPasses = 0, MaxBandwidthMiBps = 8, MaxTimeSeconds = 60,
    };

    private RedisServer? redis;

    [Fact]
    public async Task A_postcopy_whose_link_goes_down_is_paused_then_recovered_when_it_returns_and_the_guest_arrives_intact()
    {
        using var timeout = new CancellationTokenSource(GuestTimeouts.Test);
        var ct = timeout.Token;
        var outage = TimeSpan.FromSeconds(2);
        await using var run = await OutageRun.PrepareAsync(shared.WorkDirectory, "pcr", Postcopy, TimeSpan.FromSeconds(1.5), outage, redis!, ct);

        var report = await run.MigrateAsync(ct);

        var destination = run.Migration.Destination;
        Assert.True(report.FinalStatus == MigrationStatus.Completed,
            $"post-copy ended {report.FinalStatus}: {report.CancelReason ?? report.FinalInfo.ErrorDesc}; source: {run.Source.Diagnostics}; destination: {destination.Diagnostics}");
        Assert.Single(run.Cuts);
        Assert.Equal(1, report.Recoveries);
        // The link was down for the whole outage, and post-copy can only resume after it.
        Assert.True(report.RecoveryTime >= outage - TimeSpan.FromMilliseconds(300), $"recovered {report.RecoveryTime.TotalMilliseconds:F0} ms after the pause, within a {outage.TotalMilliseconds:0} ms outage");
        await run.Migration.WaitForDestinationResumeAsync(ct);
        var figures = await destination.Qmp.QueryMigrateAsync(ct).WaitAsync(TestTimeouts.Step, ct);
        Assert.NotNull(figures.PostcopyBlocktime);
        Assert.NotNull(figures.PostcopyVcpuBlocktime);
        Assert.True(report.FinalInfo.Ram?.PostcopyRequests > 0, $"the destination asked for no page: {report.FinalInfo.Ram}");

        var verify = await destination.Console.VerifyAsync(GuestTimeouts.Verify, ct);
        var after = await destination.Console.HeartbeatAfterAsync(verify.Seq, TestTimeouts.Step, ct);
        output.WriteLine($"post-copy with a {outage.TotalMilliseconds:0} ms outage at 1.5 s: total {report.FinalInfo.TotalTime} ms, " +
            $"{report.Recoveries} recovery taking {report.RecoveryTime.TotalMilliseconds:F0} ms, {report.FinalInfo.Ram?.PostcopyRequests} post-copy requests, " +
            $"blocktime {figures.PostcopyBlocktime} ms (per vCPU {string.Join(", ", figures.PostcopyVcpuBlocktime!)}); verify {verify.Checked} pages, {verify.Errors} bad");
        Assert.True(verify.Errors == 0 && after.Errors == 0 && destination.Console.IntegrityErrors.Count == 0,
            $"the recovered guest lost writes: {verify.Errors} bad pages; {string.Join("; ", destination.Console.IntegrityErrors.Take(3))}");
        Assert.Equal(GuestQemu.WorkingSetPages(OutageRun.Workload), verify.Checked);
    }

    [Fact]
    public async Task A_postcopy_whose_link_stays_down_past_the_limit_fails_with_the_guest_named_lost()
    {
        using var timeout = new CancellationTokenSource(GuestTimeouts.Test);
        var ct = timeout.Token;
        var spec = Postcopy with { MaxTimeSeconds = 2 };
        await using var run = await OutageRun.PrepareAsync(shared.WorkDirectory, "pcl", spec, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20), redis!, ct);

        var report = await run.MigrateAsync(ct);

        Assert.Equal(MigrationStatus.Failed, report.FinalStatus);
        Assert.True(report.EndedByLink);
        Assert.Equal(0, report.Recoveries);
        Assert.Contains($"{OutageRun.Link} did not come back", report.CancelReason);
        Assert.Contains("the guest is lost", report.CancelReason);
        output.WriteLine($"lost: {report.CancelReason}");
    }

    [Fact]
    public async Task A_precopy_whose_link_goes_down_fails_naming_the_link_and_the_guest_runs_on_intact_on_the_source()
    {
        using var timeout = new CancellationTokenSource(GuestTimeouts.Test);
        var ct = timeout.Token;
        var spec = new MigrationSpec { Mode = MigrationMode.Precopy, MaxBandwidthMiBps = 8, MaxTimeSeconds = 60 };
        await using var run = await OutageRun.PrepareAsync(shared.WorkDirectory, "prl", spec, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), redis!, ct);

        var report = await run.MigrateAsync(ct);

        Assert.Equal(MigrationStatus.Cancelled, report.FinalStatus);
        Assert.True(report.EndedByLink);
        Assert.Contains($"{OutageRun.Link} went down", report.CancelReason);
        Assert.Contains("the guest stays on the source", report.CancelReason);
        var status = await run.Source.Qmp.QueryStatusAsync(ct).WaitAsync(TestTimeouts.Step, ct);
        Assert.True(status.Running, $"the source is {status.Status}");
        var verify = await run.Source.Console.VerifyAsync(GuestTimeouts.Verify, ct);
        var after = await run.Source.Console.HeartbeatAfterAsync(verify.Seq, TestTimeouts.Step, ct);
        output.WriteLine($"pre-copy cut at 1 s: {report.CancelReason}; source verify {verify.Checked} pages, {verify.Errors} bad");
        Assert.True(verify.Errors == 0 && after.Errors == 0, $"the source guest lost writes: {verify.Errors} bad pages");
        Assert.Equal(GuestQemu.WorkingSetPages(OutageRun.Workload), verify.Checked);
    }

    public async Task InitializeAsync() => redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (redis is not null)
            await redis.DisposeAsync();
    }
}
