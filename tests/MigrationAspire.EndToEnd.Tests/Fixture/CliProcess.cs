using System.Diagnostics;
using System.Reflection;

namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>What one run of the command line printed and how it exited.</summary>
public sealed record CliOutcome(int ExitCode, string Output, string Error);

/// <summary>The lab's command line run as a user runs it: its own process, its output redirected (so plain).</summary>
public static class CliProcess
{
    private static readonly string Assembly = typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CliAssembly").Value!;

    public static async Task<CliOutcome> RunAsync(Uri api, TimeSpan timeout, params string[] args)
    {
        Assert.True(File.Exists(Assembly), $"the command line is not built at {Assembly}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.ArgumentList.Add("--api");
        start.ArgumentList.Add(api.ToString());
        start.Environment.Remove("LAB_API");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lab {string.Join(' ', args)} did not exit within {timeout}; it printed: {await output}{await error}");
        }
        return new CliOutcome(process.ExitCode, await output, await error);
    }
}
