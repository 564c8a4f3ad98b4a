using System.Diagnostics;
using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Qmp;
using Microsoft.Extensions.Logging;

namespace MigrationAspire.Executor.Qemu;

/// <summary>
/// One QEMU process with its QMP connection and its guest console. Disposing it always ends the process:
/// politely over QMP first, then SIGKILL, and it is reaped before its directory is removed.
/// </summary>
public sealed class QemuProcess : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    private readonly Process process;
    private readonly ILogger logger;
    private readonly StderrTail stderr = new();
    private int disposed;

    private QemuProcess(QemuLaunch launch, Process process, ILogger logger)
    {
        Launch = launch;
        this.process = process;
        this.logger = logger;
        Pid = process.Id;
        StartedAt = DateTimeOffset.UtcNow;
        process.ErrorDataReceived += (_, e) => stderr.Add(e.Data);
        process.OutputDataReceived += (_, e) => stderr.Add(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public QemuLaunch Launch { get; }
    public int Pid { get; }
    public DateTimeOffset StartedAt { get; }
    public QmpClient Qmp { get; private set; } = null!;
    public GuestConsole Console { get; private set; } = null!;
    public bool HasExited => process.HasExited;
    public Task Exited => process.WaitForExitAsync();
    public double? CpuSeconds => ProcessCpu.Seconds(Pid);

    /// <summary>What QEMU printed on stderr lately: the reason it refused to start or died.</summary>
    public string Diagnostics => stderr.Text;

    public static async Task<QemuProcess> StartAsync(
        string qemuBinary, QemuLaunch launch, GuestImage image, ILogger logger, CancellationToken cancellationToken,
        IReadOnlyList<string>? commandPrefix = null)
    {
        Directory.CreateDirectory(launch.Directory);
        // A prefix (nsenter into the host's namespace) execs QEMU, so the pid started is still QEMU's own.
        var prefix = commandPrefix ?? [];
        var info = new ProcessStartInfo(prefix.Count > 0 ? prefix[0] : qemuBinary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = launch.Directory,
        };
        foreach (var arg in prefix.Skip(1).Concat(prefix.Count > 0 ? [qemuBinary] : []).Concat(launch.Arguments(image)))
            info.ArgumentList.Add(arg);

        // QEMU must die with this executor, however it ends (ProcessSpawner); a previous one's are reaped at start (OrphanReaper).
        var process = await ProcessSpawner.StartAsync(info);
        var qemu = new QemuProcess(launch, process, logger);
        try
        {
            // The console first: QEMU waits for it (wait=on) before it creates the QMP socket.
            qemu.Console = await Race(GuestConsole.ConnectAsync(launch.ConsoleSocket, ConnectTimeout, logger, cancellationToken), qemu);
            qemu.Qmp = await Race(QmpClient.ConnectAsync(launch.QmpSocket, new QmpClientOptions { ConnectTimeout = ConnectTimeout, Logger = logger }, cancellationToken), qemu);
            logger.LogInformation("Started QEMU {Pid} for {VmId} ({Role}, {Accelerator})",
                qemu.Pid, launch.VmId, launch.Incoming ? "incoming" : "boot", launch.Accelerator);
            return qemu;
        }
        catch
        {
            await qemu.DisposeAsync();
            throw;
        }
    }

    /// <summary>Fails fast with QEMU's own words when it exits while we wait for it.</summary>
    private static async Task<T> Race<T>(Task<T> task, QemuProcess qemu)
    {
        var exited = qemu.process.WaitForExitAsync();
        if (await Task.WhenAny(task, exited) == exited)
        {
            await Task.Delay(50);
            throw new QemuFailedException(
                $"QEMU exited with code {qemu.process.ExitCode} while starting: {qemu.Diagnostics}");
        }
        return await task;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        try
        {
            if (!process.HasExited && Qmp is { IsConnected: true })
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                try { await Qmp.QuitAsync(quick.Token); }
                catch (Exception e) when (e is QmpException or TimeoutException or OperationCanceledException or QmpConnectionClosedException) { }
            }
            if (!process.HasExited)
            {
                try { process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { }
            }
            using var reap = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(reap.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogError("QEMU {Pid} of {VmId} did not exit after SIGKILL", Pid, Launch.VmId);
        }
        finally
        {
            if (Qmp is not null) await Qmp.DisposeAsync();
            if (Console is not null) await Console.DisposeAsync();
            process.Dispose();
            TryDelete(Launch.Directory);
        }
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private sealed class StderrTail
    {
        private readonly Queue<string> lines = new();

        public void Add(string? line)
        {
            if (string.IsNullOrWhiteSpace(line)) return;
            lock (lines)
            {
                lines.Enqueue(line.Trim());
                while (lines.Count > 10) lines.Dequeue();
            }
        }

        public string Text
        {
            get { lock (lines) return lines.Count == 0 ? "(nothing on stderr)" : string.Join(" | ", lines); }
        }
    }
}

/// <summary>QEMU refused to start, or died.</summary>
public sealed class QemuFailedException(string message) : Exception(message);
