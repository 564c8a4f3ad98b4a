namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>
/// The process that is one of this test lab's parts, found to be killed as a crash would end it: a service's own
/// program (not the <c>dotnet run</c> that launched it, whose death would orphan it), redis-server, RabbitMQ's
/// Erlang VM.
/// </summary>
public static class LabPrograms
{
    /// <summary>The program of a lab service: <paramref name="project"/> is the project's folder under src (Scheduler, Api …).</summary>
    public static int Service(string project, string? executorHost = null)
    {
        var lab = LabProcessTree.Find();
        var found = lab
            .Where(p => lab.ContainsKey(p.Value)
                && LabProcessTree.Command(p.Value) is var launcher
                && launcher.Contains(" --project ", StringComparison.Ordinal)
                && launcher.Contains($"/src/{project}/MigrationAspire.{project}.csproj", StringComparison.Ordinal)
                && LabProcessTree.Command(p.Key).Contains($"MigrationAspire.{project}", StringComparison.Ordinal)
                && (executorHost is null || Environment(p.Key).Contains($"Executor__HostName={executorHost}")))
            .Select(p => p.Key)
            .ToList();
        return Assert.Single(found);
    }

    /// <summary>redis-server names itself by its address once started (<c>redis-server 127.0.0.1:PORT</c>; the connection string says localhost), not by its arguments.</summary>
    public static int Redis(string connectionString)
    {
        var port = ":" + connectionString.Split(',')[0].Split(':')[^1];
        var lab = LabProcessTree.Find();
        return Assert.Single(lab.Keys, pid => LabProcessTree.Command(pid) is var command
            && command.StartsWith("redis-server", StringComparison.Ordinal) && command.EndsWith(port, StringComparison.Ordinal));
    }

    /// <summary>RabbitMQ's node: the Erlang VM whose data lives in the lab directory (its start script execs into it).</summary>
    public static int RabbitMq(string labDirectory) =>
        Assert.Single(LabProcesses.Find(labDirectory, "beam.smp")).Pid;

    public static void Kill(int pid)
    {
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        process.Kill();
        Assert.True(process.WaitForExit(TestTimeouts.Step), $"pid {pid} outlived SIGKILL");
    }

    /// <summary>Sends a signal (STOP, CONT …) to one process the lab started, by its id.</summary>
    public static void Signal(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", $"-{signal} {pid}");
        Assert.True(kill.WaitForExit(TestTimeouts.Step) && kill.ExitCode == 0, $"kill -{signal} {pid} failed");
    }

    private static string[] Environment(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/environ").Split('\0'); }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }
}
