using System.Text.Json;
using MigrationAspire.Network.Commands;
using MigrationAspire.Network.Native;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.Network.Tests.Support;

/// <summary>Labs the sweep tests leave stale on purpose, and the cleanup that removes them whatever the test did.</summary>
internal static class StaleLab
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>A host on record as a lab's process writes it (hosts/HOST.json, and its delay line's stamp), with no
    /// namespace behind it: the sweep's rules on records alone.</summary>
    public static void RecordHost(LabNames names, string host, ProcessStamp owner, ProcessStamp? delayLine = null)
    {
        var hosts = Directory.CreateDirectory(Path.Combine(names.RuntimeDirectory, "hosts")).FullName;
        File.WriteAllText(Path.Combine(hosts, $"{host}.json"), JsonSerializer.Serialize(new { host, index = 1, owner }, Json));
        if (delayLine is not null)
            File.WriteAllText(Path.Combine(hosts, $"{host}.delay-line.json"), JsonSerializer.Serialize(delayLine, Json));
    }

    /// <summary>The stamp of a process that has ended: an owner on record that is dead.</summary>
    public static async Task<ProcessStamp> DeadOwnerAsync()
    {
        using var owner = System.Diagnostics.Process.Start("sleep", "60");
        var stamp = ProcessStamp.Of(owner.Id)!;
        owner.Kill();
        await owner.WaitForExitAsync();
        return stamp;
    }

    /// <summary>Removes what is left of the lab once the processes that owned it are ended: its recorded namespaces
    /// (by the lab's own stale sweep), namespaces named like its with no record, its runtime files, its directory.</summary>
    public static async Task RemoveAsync(string directory)
    {
        var names = LabNames.For(directory);
        await LabNetwork.RemoveStaleAsync(directory);
        foreach (var ns in (await Leftovers.NamespacesAsync()).Where(n => n.StartsWith(names.Prefix, StringComparison.Ordinal)))
            await CommandRunner.RunAsync(["ip", "netns", "del", ns]);
        if (Directory.Exists(names.RuntimeDirectory))
            Directory.Delete(names.RuntimeDirectory, recursive: true);
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }
}
