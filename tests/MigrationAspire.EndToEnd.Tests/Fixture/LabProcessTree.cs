using System.Globalization;

namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>
/// Every process started, directly or not, by this test host: the app host's DCP, the services, Redis, RabbitMQ,
/// QEMU. DCP detaches from its parent (its API server is a child of init), so its tree is found by the process it
/// monitors: this test host.
/// </summary>
public static class LabProcessTree
{
    /// <summary>The pids of the lab's processes, each with its parent's pid.</summary>
    public static Dictionary<int, int> Find()
    {
        var parents = new Dictionary<int, int>();
        var roots = new HashSet<int> { Environment.ProcessId };
        var monitorsUs = $"--monitor {Environment.ProcessId} ";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (Command(pid).Contains(monitorsUs, StringComparison.Ordinal))
                    roots.Add(pid);
            }
            catch (IOException) { }
        }
        var found = new HashSet<int>(roots);
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (pid, parent) in parents)
                if (found.Contains(parent) && found.Add(pid))
                    grew = true;
        }
        found.Remove(Environment.ProcessId);
        return found.ToDictionary(pid => pid, pid => parents.GetValueOrDefault(pid));
    }

    public static string Command(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (IOException) { return "?"; }
    }
}
