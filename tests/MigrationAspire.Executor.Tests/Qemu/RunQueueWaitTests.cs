using System.Diagnostics;
using MigrationAspire.Executor.Qemu;

namespace MigrationAspire.Executor.Tests.Qemu;

public sealed class RunQueueWaitTests
{
    [Fact]
    public void A_sleeping_process_waited_for_no_cpu_and_one_that_is_gone_reads_zero()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "5"))!;
        try
        {
            var wait = RunQueueWait.Start(sleeper.Id);
            Thread.Sleep(300);
            Assert.InRange(wait.ShareSince(DateTimeOffset.UtcNow), 0, 0.2);
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
        Assert.Equal(0, RunQueueWait.Start(sleeper.Id).ShareSince(DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    [Fact]
    public void A_busy_process_sharing_one_cpu_with_three_others_waits_on_the_run_queue_most_of_the_time()
    {
        // Four busy loops pinned to one CPU: each can run at most a quarter of the time, and waits the rest.
        using var busy = Process.Start(new ProcessStartInfo("taskset", ["-c", "0", "sh", "-c", "for i in 1 2 3 4; do (while :; do :; done) & done; wait"]))!;
        try
        {
            Thread.Sleep(300);
            var loop = int.Parse(File.ReadAllText($"/proc/{busy.Id}/task/{busy.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
            var wait = RunQueueWait.Start(loop);
            Thread.Sleep(1000);
            Assert.InRange(wait.ShareSince(DateTimeOffset.UtcNow), 0.4, 1);
        }
        finally
        {
            busy.Kill(entireProcessTree: true);
            busy.WaitForExit();
        }
    }
}
