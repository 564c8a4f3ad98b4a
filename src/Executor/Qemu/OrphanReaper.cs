using Microsoft.Extensions.Logging;

namespace MigrationAspire.Executor.Qemu;

/// <summary>
/// QEMU processes a previous executor left behind (it crashed or was killed): found by the pid files in this
/// host's work directory, killed, and their directories removed, before this executor accepts work.
/// </summary>
public static class OrphanReaper
{
    public static async Task<int> ReapAsync(string workDirectory, ILogger logger)
    {
        var reaped = 0;
        if (!Directory.Exists(workDirectory))
            return 0;
        foreach (var vmDirectory in Directory.EnumerateDirectories(workDirectory))
        {
            // Outcomes the bus has not taken yet outlive the executor that measured them.
            if (Path.GetFileName(vmDirectory) == Migration.OutcomeOutbox.DirectoryName)
                continue;
            var pidFile = Path.Combine(vmDirectory, "qemu.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && IsOurQemu(pid, vmDirectory))
            {
                logger.LogWarning("Killing orphaned QEMU {Pid} left in {Directory}", pid, vmDirectory);
                Kill(pid);
                for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++)
                    await Task.Delay(50);
                reaped++;
            }
            try { Directory.Delete(vmDirectory, recursive: true); }
            catch (IOException) { }
        }
        return reaped;
    }

    // A recycled pid must not cost an innocent process its life: it must be QEMU and name our directory.
    private static bool IsOurQemu(int pid, string vmDirectory)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return cmdline.Contains("qemu-system", StringComparison.Ordinal) && cmdline.Contains(vmDirectory, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Kill(int pid)
    {
        try { System.Diagnostics.Process.GetProcessById(pid).Kill(); }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
    }
}
