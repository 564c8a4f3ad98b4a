using System.Diagnostics;
using System.Text;

namespace MigrationAspire.Executor.Tests.Qmp;

/// <summary>A QEMU started by a test, with its QMP monitor on a fresh socket; disposing kills it.</summary>
internal sealed class QemuProcess : IAsyncDisposable
{
    private const string Binary = "qemu-system-x86_64";
    private readonly Process process;
    private readonly StringBuilder stderr = new();

    private QemuProcess(Process process, string qmpSocketPath)
    {
        this.process = process;
        QmpSocketPath = qmpSocketPath;
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
    }

    public string QmpSocketPath { get; }

    public string StandardError { get { lock (stderr) return stderr.ToString(); } }

    public Task WaitForExitAsync() => process.WaitForExitAsync().Within();

    public int ExitCode => process.ExitCode;

    /// <summary>Fails the test, never skips it, when QEMU is missing: the lab cannot work without it.</summary>
    public static QemuProcess Start(params string[] machineArguments)
    {
        var binary = FindOnPath(Binary);
        if (binary is null)
            Assert.Fail($"{Binary} is not on PATH. Install QEMU >= 9.0 (scripts/prereqs.sh does, from bookworm-backports on Debian 12).");

        var socketPath = ScriptedQmpPeer.NewSocketPath();
        var startInfo = new ProcessStartInfo(binary) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in machineArguments)
            startInfo.ArgumentList.Add(argument);
        foreach (var argument in (string[])["-nodefaults", "-display", "none", "-qmp", $"unix:{socketPath},server=on,wait=off"])
            startInfo.ArgumentList.Add(argument);
        return new QemuProcess(Process.Start(startInfo)!, socketPath);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
            process.Kill();
        await process.WaitForExitAsync().Within();
        process.Dispose();
        File.Delete(QmpSocketPath);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
