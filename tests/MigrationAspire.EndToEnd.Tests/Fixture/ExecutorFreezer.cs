namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>
/// Freezes an executor with SIGSTOP: it stops sending heartbeats and answering commands, as a hung or
/// partitioned host does, while the QEMU processes it started keep running. Thawing resumes it.
/// </summary>
public sealed class ExecutorFreezer(string labDirectory, string host) : IDisposable
{
    private readonly List<int> frozen = [];

    public void Freeze()
    {
        var marker = $"Executor__WorkDirectory={Path.Combine(labDirectory, "hosts", host)}";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var environ = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (environ.Contains(marker) && !File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("qemu-system"))
                    frozen.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        Assert.True(frozen.Count > 0, $"no executor process of host {host} found to freeze");
        Signal("STOP");
    }

    public void Dispose() => Signal("CONT");

    private void Signal(string signal)
    {
        foreach (var pid in frozen)
            using (System.Diagnostics.Process.Start("kill", $"-{signal} {pid}")) { }
    }
}
