using System.Globalization;

namespace MigrationAspire.Executor.Qemu;

/// <summary>
/// How long a process's threads sat runnable on the host's run queue, waiting for a CPU (the second field of
/// <c>/proc/PID/task/TID/schedstat</c>): the time a TCG guest could not run because the host was busy, which
/// no guest can make up. A snapshot taken now, read against the process later.
/// </summary>
public sealed class RunQueueWait
{
    private readonly int pid;
    private readonly DateTimeOffset takenAt;
    private readonly IReadOnlyDictionary<int, long> waitedNs;

    private RunQueueWait(int pid, DateTimeOffset takenAt, IReadOnlyDictionary<int, long> waitedNs) =>
        (this.pid, this.takenAt, this.waitedNs) = (pid, takenAt, waitedNs);

    public static RunQueueWait Start(int pid) => new(pid, DateTimeOffset.UtcNow, WaitedByThread(pid));

    /// <summary>
    /// The largest share of the time since the snapshot that any one thread of the process spent waiting for a CPU,
    /// 0–1; 0 when the process or its figures are gone. The most starved thread bounds how far the guest could run
    /// (a guest's vCPU thread is the one that wants a CPU most).
    /// </summary>
    public double ShareSince(DateTimeOffset now)
    {
        var window = (now - takenAt).TotalMilliseconds * 1e6;
        if (window <= 0)
            return 0;
        var worst = 0L;
        foreach (var (tid, waited) in WaitedByThread(pid))
            if (waitedNs.TryGetValue(tid, out var before))
                worst = Math.Max(worst, waited - before);
        return Math.Clamp(worst / window, 0, 1);
    }

    private static Dictionary<int, long> WaitedByThread(int pid)
    {
        var waited = new Dictionary<int, long>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                if (fields.Length >= 2 && int.TryParse(Path.GetFileName(task), out var tid)
                    && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ns))
                    waited[tid] = ns;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process (or one of its threads) ended while being read: what was read stands.
        }
        return waited;
    }
}
