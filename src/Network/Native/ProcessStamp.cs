using System.Globalization;

namespace MigrationAspire.Network.Native;

/// <summary>
/// A process named by its pid and its start time (clock ticks since boot, /proc/PID/stat field 22), so a pid
/// the kernel has since given to another process is not mistaken for the one recorded.
/// </summary>
public sealed record ProcessStamp(int Pid, long StartTicks)
{
    public static ProcessStamp Current() => Of(Environment.ProcessId)
        ?? throw new InvalidOperationException("Cannot read this process's own start time from /proc.");

    public static ProcessStamp? Of(int pid)
    {
        var ticks = StartTicksOf(pid);
        return ticks is null ? null : new ProcessStamp(pid, ticks.Value);
    }

    /// <summary>Running (a zombie, dead but not yet reaped, does not count).</summary>
    public bool IsAlive => StartTicksOf(Pid) == StartTicks;

    private static long? StartTicksOf(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[0] is "Z" or "X" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
    }
}
