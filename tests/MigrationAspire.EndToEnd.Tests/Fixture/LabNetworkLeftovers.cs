using System.Diagnostics;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>After the lab stopped: none of its namespaces (their veths, bridge and qdiscs live and go with them) or runtime files is left.</summary>
public static class LabNetworkLeftovers
{
    public static void AssertNone(string labDirectory)
    {
        var names = LabNames.For(labDirectory);
        var namespaces = Run("ip", "netns", "list").Split('\n').Select(l => l.Split(' ')[0]).Where(n => n.StartsWith(names.Prefix, StringComparison.Ordinal)).ToList();
        var links = Run("ip", "-o", "link", "show").Split('\n').Where(l => l.Contains($" m{names.LabId}", StringComparison.Ordinal)).ToList();
        var left = namespaces.Concat(links).ToList();
        if (Directory.Exists(names.RuntimeDirectory))
            left.Add(names.RuntimeDirectory);
        if (left.Count > 0)
            throw new InvalidOperationException($"the lab network {names.LabId} was not removed: {string.Join("; ", left)}");
    }

    private static string Run(params string[] argv)
    {
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in argv.Skip(1))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
