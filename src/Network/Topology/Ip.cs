using System.Text.Json;
using MigrationAspire.Network.Commands;

namespace MigrationAspire.Network.Topology;

/// <summary>The iproute2 and nsenter commands the lab's network is made of.</summary>
internal static class Ip
{
    public static Task<string> RunAsync(CancellationToken ct, params string[] args) => CommandRunner.RunAsync(["ip", .. args], ct);

    public static Task<string> InAsync(string ns, CancellationToken ct, params string[] args) =>
        CommandRunner.RunAsync(["ip", "-n", ns, .. args], ct);

    public static Task<string> TcAsync(string ns, CancellationToken ct, params string[] args) =>
        CommandRunner.RunAsync(["nsenter", $"--net=/run/netns/{ns}", "--", "tc", .. args], ct);

    /// <summary>Per-namespace sysctls (net.*) are set from inside the namespace.</summary>
    public static Task<string> SysctlAsync(string ns, CancellationToken ct, params string[] settings) =>
        CommandRunner.RunAsync(["nsenter", $"--net=/run/netns/{ns}", "--", "sysctl", "-q", "-w", .. settings], ct);

    public static async Task<IReadOnlyList<string>> NamespacesAsync(CancellationToken ct)
    {
        var json = await RunAsync(ct, "-j", "netns", "list");
        if (string.IsNullOrWhiteSpace(json))
            return [];
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
    }

    /// <summary>Ends every process still inside the namespace (a QEMU or delay line of the lab), by pid, and
    /// waits for them: a namespace a process still holds outlives <c>ip netns del</c>, veth and all.</summary>
    public static async Task KillProcessesInAsync(string ns, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var pids = (await RunAsync(ct, "netns", "pids", ns))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(int.Parse).ToList();
            if (pids.Count == 0)
                return;
            foreach (var pid in pids)
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException) { }
            }
            await Task.Delay(20, ct);
        }
        throw new InvalidOperationException($"Processes in network namespace {ns} did not end after SIGKILL.");
    }

    public static async Task DeleteNamespaceAsync(string ns, CancellationToken ct)
    {
        if (!(await NamespacesAsync(ct)).Contains(ns))
            return;
        await KillProcessesInAsync(ns, ct);
        await RunAsync(ct, "netns", "del", ns);
    }
}
