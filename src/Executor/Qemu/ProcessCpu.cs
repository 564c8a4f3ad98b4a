namespace MigrationAspire.Executor.Qemu;

/// <summary>CPU time of a process from /proc: what a migration costs the hosts.</summary>
public static class ProcessCpu
{
    // USER_HZ is 100 on every Linux the lab targets (the kernel's ABI, independent of CONFIG_HZ).
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU seconds of <paramref name="pid"/>; null when it is gone.</summary>
    public static double? Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may contain spaces and parentheses: fields are counted after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
