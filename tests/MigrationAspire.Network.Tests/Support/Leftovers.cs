using System.Text.Json;
using MigrationAspire.Network.Commands;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.Network.Tests.Support;

/// <summary>Everything of a lab still on the machine: namespaces, interfaces (and so their qdiscs), runtime files,
/// delay-line processes.</summary>
internal static class Leftovers
{
    public static async Task<IReadOnlyList<string>> OfAsync(LabNames names)
    {
        var found = new List<string>();
        var namespaces = await NamespacesAsync();
        found.AddRange(namespaces.Where(n => n.StartsWith(names.Prefix, StringComparison.Ordinal)).Select(n => $"namespace {n}"));
        // Any interface named after the lab, in the machine's own namespace or any other.
        foreach (var ns in namespaces.Prepend(null))
        {
            var json = await CommandRunner.RunAsync(ns is null ? ["ip", "-j", "link"] : ["ip", "-n", ns, "-j", "link"]);
            using var doc = JsonDocument.Parse(json);
            found.AddRange(doc.RootElement.EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!)
                .Where(name => name.Contains(names.LabId, StringComparison.Ordinal)).Select(name => $"interface {name} in {ns ?? "the root namespace"}"));
        }
        if (Directory.Exists(names.RuntimeDirectory) && Directory.EnumerateFileSystemEntries(names.RuntimeDirectory).Any())
            found.Add($"files in {names.RuntimeDirectory}");
        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")); }
            catch (IOException) { continue; }
            if (cmdline.Contains(names.RuntimeDirectory, StringComparison.Ordinal))
                found.Add($"process {Path.GetFileName(proc)}: {cmdline.Replace('\0', ' ')}");
        }
        return found;
    }

    public static async Task<IReadOnlyList<string>> NamespacesAsync()
    {
        var json = await CommandRunner.RunAsync(["ip", "-j", "netns", "list"]);
        if (string.IsNullOrWhiteSpace(json)) return [];
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
    }
}
