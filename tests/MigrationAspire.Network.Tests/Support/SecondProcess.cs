using System.Diagnostics;

namespace MigrationAspire.Network.Tests.Support;

/// <summary>This test assembly run as its own program (Program.cs): a separate process that attaches a host, or
/// creates a lab network of its own.</summary>
internal sealed class SecondProcess : IAsyncDisposable
{
    private readonly Process process;

    private SecondProcess(Process process, string address)
    {
        this.process = process;
        Address = address;
    }

    public string Address { get; }

    public static Task<SecondProcess> AttachAsync(string labDirectory, string host) => StartAsync("attach", "attached", labDirectory, host);

    /// <summary>A process that owns a lab network of its own (host <paramref name="host"/> behind a delay line).</summary>
    public static Task<SecondProcess> CreateAsync(string labDirectory, string host) => StartAsync("create", "created", labDirectory, host);

    private static async Task<SecondProcess> StartAsync(string mode, string done, string labDirectory, string host)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", typeof(Program).Assembly.Location, mode, labDirectory, host })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line?.Split(' ') is not [var said, var name, var address] || said != done || name != host)
        {
            process.Kill();
            throw new InvalidOperationException($"The second process did not {mode} {host}: {line} {await process.StandardError.ReadToEndAsync()}");
        }
        return new SecondProcess(process, address);
    }

    public async Task DetachAsync()
    {
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal("detached", await process.StandardOutput.ReadLineAsync(timeout.Token));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>SIGKILL: nothing of it runs after this, so whatever it owned is stale.</summary>
    public void Kill()
    {
        process.Kill();
        process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
