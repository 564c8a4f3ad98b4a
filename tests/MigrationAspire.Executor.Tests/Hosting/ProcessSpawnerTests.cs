using System.Diagnostics;
using MigrationAspire.Executor.Qemu;

namespace MigrationAspire.Executor.Tests.Hosting;

/// <summary>QEMU processes die with their executor, and only then.</summary>
public sealed class ProcessSpawnerTests
{
    [Fact]
    public async Task A_spawned_process_dies_when_its_parent_is_killed()
    {
        // A stand-in executor: a shell that starts the wrapped command as its child and is then killed with SIGKILL.
        var wrapped = ProcessSpawner.WithParentDeathSignal(new ProcessStartInfo("sleep") { ArgumentList = { "300" } });
        var parent = new ProcessStartInfo("bash") { RedirectStandardOutput = true, ArgumentList = { "-c", "\"$@\" & echo $!; wait", "_", wrapped.FileName } };
        foreach (var arg in wrapped.ArgumentList)
            parent.ArgumentList.Add(arg);
        using var shell = Process.Start(parent)!;
        var child = int.Parse((await shell.StandardOutput.ReadLineAsync().Within())!);
        try
        {
            await Until(() => Command(child).StartsWith("sleep", StringComparison.Ordinal), "the child became sleep");

            shell.Kill();

            await Until(() => !Alive(child), $"the child {child} died with its parent");
        }
        finally
        {
            if (Alive(child))
                Process.GetProcessById(child).Kill();
        }
    }

    [Fact]
    public async Task A_spawned_process_outlives_the_thread_that_asked_for_it()
    {
        Task<Process>? starting = null;
        // PR_SET_PDEATHSIG is tied to the forking thread: had this short-lived thread forked, its exit would kill the child.
        var caller = new Thread(() => starting = ProcessSpawner.StartAsync(new ProcessStartInfo("sleep") { ArgumentList = { "300" } }));
        caller.Start();
        caller.Join();
        using var process = await starting!.Within();
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.False(process.HasExited, "the child was killed when the thread that asked for it ended");
            Assert.StartsWith("sleep", Command(process.Id));
        }
        finally
        {
            process.Kill();
        }
    }

    private static bool Alive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');

    private static string Command(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Step;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {TestTimeouts.Step}: {what}");
            await Task.Delay(20);
        }
    }
}
