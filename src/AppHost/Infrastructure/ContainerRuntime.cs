using System.Diagnostics;

namespace MigrationAspire.AppHost.Infrastructure;

/// <summary>
/// Whether a container runtime really works. A docker client without a daemon leaves container
/// resources "RuntimeUnhealthy" forever, so ask the daemon rather than look for the binary.
/// </summary>
public static class ContainerRuntime
{
    public static bool IsUsable(IConfiguration configuration)
    {
        var choice = configuration["Lab:Infrastructure"] ?? "auto";
        return choice switch
        {
            "containers" => true,
            "executables" => false,
            "auto" => Answers("docker") || Answers("podman"),
            _ => throw new InvalidOperationException(
                $"Lab:Infrastructure is '{choice}'; use auto, containers or executables."),
        };
    }

    private static bool Answers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
                return false;
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
