using System.Diagnostics;

namespace MigrationAspire.Network.Commands;

/// <summary>The one way the network library runs a program: arguments as a list (no shell), stdout returned,
/// stderr captured into the exception when it fails.</summary>
public static class CommandRunner
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <exception cref="CommandFailedException">It exited non-zero or did not finish in time.</exception>
    public static async Task<string> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default)
    {
        var result = await ExecuteAsync(command, cancellationToken);
        if (result.ExitCode != 0)
            throw new CommandFailedException(Format(command), result.ExitCode, result.Stderr);
        return result.Stdout;
    }

    /// <summary>For probes whose failure is an answer, not an error.</summary>
    public static async Task<bool> SucceedsAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(command, cancellationToken)).ExitCode == 0;

    public static string Format(IReadOnlyList<string> command) =>
        string.Join(' ', command.Select(a => a.Length == 0 || a.Contains(' ') ? $"'{a}'" : a));

    private static async Task<(int ExitCode, string Stdout, string Stderr)> ExecuteAsync(
        IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)
            ?? throw new CommandFailedException(Format(command), -1, "the program did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new CommandFailedException(Format(command), null, (await stderr).Trim());
        }
        return (process.ExitCode, await stdout, (await stderr).Trim());
    }
}
