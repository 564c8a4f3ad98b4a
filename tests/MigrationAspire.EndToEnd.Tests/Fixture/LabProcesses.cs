namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>Processes whose command line names a lab directory: QEMU, redis-server, RabbitMQ, epmd of that lab.</summary>
public static class LabProcesses
{
    public static IReadOnlyList<(int Pid, string CommandLine)> Find(string labDirectory, string? containing = null)
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
                continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim(); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (cmdline.Contains(labDirectory, StringComparison.Ordinal) && (containing is null || cmdline.Contains(containing, StringComparison.Ordinal)))
                found.Add((pid, cmdline));
        }
        return found;
    }

    public static IReadOnlyList<(int Pid, string CommandLine)> Qemu(string labDirectory, string? vmId = null) =>
        Find(labDirectory, "qemu-system").Where(p => vmId is null || p.CommandLine.Contains($"-name {vmId},")).ToList();

    public static void KillAll(string labDirectory)
    {
        foreach (var (pid, _) in Find(labDirectory))
        {
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(); }
            catch (ArgumentException) { }
            catch (InvalidOperationException) { }
        }
    }
}
