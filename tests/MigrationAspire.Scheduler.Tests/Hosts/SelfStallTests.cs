using MigrationAspire.Scheduler.Hosts;
using MigrationAspire.Scheduler.Tests.Infrastructure;

namespace MigrationAspire.Scheduler.Tests.Hosts;

/// <summary>
/// The scheduler's own stalls (its machine paused, the process stopped) are not the hosts' silence. Its own silo: once
/// the stall watch has ticked, a test must keep it ticking, or every moment looks like a stall.
/// </summary>
public sealed class SelfStallTests(LivenessCluster cluster) : IClassFixture<LivenessCluster>
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_host_silent_while_the_scheduler_itself_did_not_run_stays_alive_and_its_silence_counts_from_a_grace_after_it_runs_again()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var host = await lab.HostAsync("a");
        await RunningForAsync(2 * Second);

        // The whole machine paused for 16 s: the grain's timer fires once, late, on waking, with no heartbeat consumed yet.
        await cluster.AdvanceAsync(16 * Second);
        Assert.True((await lab.Host(host).Get().Within())!.Alive);
        var stall = cluster.Listening.Running();
        Assert.Equal(16 * Second, stall);

        // Silence counts from the grace after waking (the limit is 10 s), not from the last heartbeat before the pause.
        await RunningForAsync(BusListening.StallGrace + 9 * Second);
        Assert.True((await lab.Host(host).Get().Within())!.Alive);
        await RunningForAsync(3 * Second);
        var down = await TestTimeouts.Eventually(async () => await lab.Host(host).Get() is { Alive: false } v ? v : null, $"{host} to be down");
        Assert.Contains("no heartbeat", down.DownReason);
    }

    [Fact]
    public async Task While_the_scheduler_runs_without_a_stall_a_silent_host_is_down_after_the_limit_as_ever()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var host = await lab.HostAsync("a");

        await RunningForAsync(9 * Second);
        Assert.True((await lab.Host(host).Get().Within())!.Alive);
        await RunningForAsync(3 * Second);

        await TestTimeouts.Eventually(async () => await lab.Host(host).Get() is { Alive: false }, $"{host} to be down");
    }

    [Fact]
    public void A_gap_in_the_watch_s_ticks_beyond_the_threshold_is_a_stall_and_none_within_it_is()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var listening = new BusListening(clock);
        listening.Hearing(new Uri("loopback://localhost/bus"));
        Assert.Null(listening.Running());
        var heard = listening.ListeningSince;

        clock.Advance(BusListening.StallThreshold);
        Assert.Null(listening.Running());
        Assert.Equal(heard, listening.ListeningSince);

        clock.Advance(BusListening.StallThreshold + Second);
        // Woken, and the watch has not ticked yet: nothing is heard.
        Assert.Null(listening.ListeningSince);
        Assert.Equal(BusListening.StallThreshold + Second, listening.Running());
        Assert.Equal(clock.GetUtcNow() + BusListening.StallGrace, listening.ListeningSince);
    }

    /// <summary>Time passes in quarter seconds with the stall watch ticking, as a scheduler that runs sees it.</summary>
    private async Task RunningForAsync(TimeSpan time)
    {
        var quarter = TimeSpan.FromMilliseconds(250);
        for (var passed = TimeSpan.Zero; passed < time; passed += quarter)
        {
            cluster.Listening.Running();
            await cluster.AdvanceAsync(quarter);
        }
        cluster.Listening.Running();
    }
}
