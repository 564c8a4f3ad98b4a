using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MigrationAspire.Network.Native;

namespace MigrationAspire.Network.Links;

/// <summary>
/// Starts, commands and stops one host's delay line (DelayLine/delay-line.c). It runs in the switch's namespace,
/// between the host's switch-side veth and a TAP on the bridge, and ends on its own when the host's owner does.
/// Any process of the lab commands it through its control socket.
/// </summary>
internal static class DelayLineProcess
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    public static async Task<ProcessStamp> StartAsync(
        string binary, string switchNamespace, string veth, string tap, string controlSocket, ProcessStamp owner, int queueMiB, CancellationToken ct)
    {
        var info = new ProcessStartInfo("nsenter")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A wire does not slow down when the CPUs are busy: the delay line runs ahead of the lab's other processes
        // (nice -10; at load 28 an unniced one carried 47 % of a 256 Mbit/s rate). nice execs it, so the pid is its own.
        foreach (var arg in new[] { $"--net=/run/netns/{switchNamespace}", "--", "nice", "-n", "-10", binary, veth, tap, controlSocket,
                     owner.Pid.ToString(CultureInfo.InvariantCulture), queueMiB.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{binary} did not start.");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        string? line = null;
        try { line = await process.StandardOutput.ReadLineAsync(timeout.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
        if (line != "ready")
        {
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
            string said;
            lock (stderr) said = stderr.ToString().Trim();
            throw new InvalidOperationException(
                $"The delay line for {veth} did not start (exit code {process.ExitCode}): {(said.Length > 0 ? said : "no output")}");
        }
        return ProcessStamp.Of(process.Id) ?? throw new InvalidOperationException($"The delay line for {veth} exited right after starting.");
    }

    /// <summary>Sends one command line and returns the reply; an <c>error …</c> reply is an exception.</summary>
    public static async Task<string> CommandAsync(string controlSocket, string command, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(controlSocket), timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), timeout.Token);
        var reply = new StringBuilder();
        var buffer = new byte[1024];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            reply.Append(Encoding.ASCII.GetString(buffer, 0, n));
        var text = reply.ToString().Trim();
        return text.StartsWith("ok", StringComparison.Ordinal)
            ? text
            : throw new InvalidOperationException($"The delay line at {controlSocket} refused '{command}': {text}");
    }

    /// <returns>Whether it was still running (the very process recorded: pid and start time) and was ended.</returns>
    public static async Task<bool> StopAsync(ProcessStamp process, CancellationToken ct)
    {
        if (!process.IsAlive)
            return false;
        try
        {
            using var running = Process.GetProcessById(process.Pid);
            // SIGTERM lets it remove its control socket; it answers within one poll.
            _ = Libc.kill(process.Pid, Libc.SigTerm);
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(ct);
            grace.CancelAfter(TimeSpan.FromSeconds(2));
            while (process.IsAlive && !grace.IsCancellationRequested)
                await Task.Delay(10, CancellationToken.None);
            if (process.IsAlive)
                running.Kill();
            return true;
        }
        catch (ArgumentException)
        {
            return false; // already gone
        }
    }
}
