namespace MigrationAspire.Scheduler.Hosts;

/// <summary>
/// Notices when the scheduler itself did not run: its machine paused or snapshotted, the process stopped (SIGSTOP), a
/// pause long enough to matter. A host's silence that includes such a stall says nothing about the host, so
/// <see cref="BusListening"/> holds liveness judgement until a grace after the scheduler runs again. Ticks on a
/// thread of its own, so a busy thread pool does not look like a stall.
/// </summary>
public sealed class SelfStallWatch(BusListening listening, ILogger<SelfStallWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        listening.Running();
        var thread = new Thread(() => Watch(stoppingToken)) { IsBackground = true, Name = "self-stall-watch" };
        thread.Start();
        return Task.CompletedTask;
    }

    private void Watch(CancellationToken stoppingToken)
    {
        while (!stoppingToken.WaitHandle.WaitOne(Tick))
        {
            if (listening.Running() is { } stall)
                logger.LogWarning("The scheduler did not run for {Seconds:F1} s (its machine or process was paused): no host is judged by its silence until {Grace:F0} s after it ran again",
                    stall.TotalSeconds, BusListening.StallGrace.TotalSeconds);
        }
    }
}
