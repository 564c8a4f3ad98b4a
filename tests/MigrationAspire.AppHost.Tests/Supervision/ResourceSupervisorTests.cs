using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Xunit.Abstractions;

namespace MigrationAspire.AppHost.Tests.Supervision;

/// <summary>The supervisor against the real orchestrator: what crashes comes back, what was stopped stays down (issue 12).</summary>
public sealed class ResourceSupervisorTests(SupervisedLab lab, ITestOutputHelper output) : IClassFixture<SupervisedLab>
{
    // Many times the first back-off (200 ms): a restart that was due would have happened.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_killed_process_is_started_again()
    {
        var pid = await lab.RunningAsync("crasher");
        var clock = Stopwatch.StartNew();

        Kill(pid);
        var again = await lab.RunningAsync("crasher", not: pid);

        output.WriteLine($"pid {pid} killed; pid {again} running {clock.Elapsed.TotalSeconds:F1} s later");
    }

    [Fact]
    public async Task A_process_stopped_from_the_dashboard_stays_down_and_is_supervised_again_once_started()
    {
        var pid = await lab.RunningAsync("stopped");

        var stop = await lab.Commands.ExecuteCommandAsync("stopped", KnownResourceCommands.StopCommand).WaitAsync(TestTimeouts.Start);
        Assert.True(stop.Success, stop.Message);
        await Task.Delay(Settle);

        Assert.True(lab.Notifications.TryGetCurrentState("stopped", out var state));
        output.WriteLine($"after the stop: {state.Snapshot.State?.Text}");
        Assert.NotEqual(KnownResourceStates.Running, state.Snapshot.State?.Text);
        Assert.False(IsAlive(pid));

        var start = await lab.Commands.ExecuteCommandAsync("stopped", KnownResourceCommands.StartCommand).WaitAsync(TestTimeouts.Start);
        Assert.True(start.Success, start.Message);
        var started = await lab.RunningAsync("stopped", not: pid);
        Kill(started);
        await lab.RunningAsync("stopped", not: started);
    }

    [Fact]
    public async Task A_process_that_keeps_dying_is_given_up_on_and_the_dashboard_says_why()
    {
        var pid = await lab.RunningAsync("doomed");
        for (var restart = 0; restart < SupervisedLab.MaxRestarts; restart++)
        {
            Kill(pid);
            pid = await lab.RunningAsync("doomed", not: pid);
        }

        Kill(pid);
        using var timeout = new CancellationTokenSource(TestTimeouts.Step);
        var gaveUp = await lab.Notifications.WaitForResourceAsync("doomed",
            e => e.Snapshot.State?.Text?.StartsWith("Gave up", StringComparison.Ordinal) == true, timeout.Token);
        await Task.Delay(Settle);

        output.WriteLine(gaveUp.Snapshot.State!.Text);
        Assert.StartsWith($"Gave up: exited {SupervisedLab.MaxRestarts + 1} times in 10 min, last exit code ", gaveUp.Snapshot.State.Text);
        Assert.Equal(KnownResourceStateStyles.Error, gaveUp.Snapshot.State.Style);
        Assert.True(lab.Notifications.TryGetCurrentState("doomed", out var state));
        Assert.NotEqual(KnownResourceStates.Running, state.Snapshot.State?.Text);
    }

    // The processes killed here are the test's own sleep processes, by pid.
    private static void Kill(int pid)
    {
        using var process = Process.GetProcessById(pid);
        process.Kill();
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
