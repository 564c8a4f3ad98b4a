using System.Collections.Concurrent;
using System.Diagnostics;

namespace MigrationAspire.Executor.Qemu;

/// <summary>
/// Starts the processes that must not outlive the executor. Each runs under <c>setpriv --pdeathsig KILL</c> (util-linux,
/// in every Debian), so the kernel kills it when its parent goes, even by SIGKILL. The kernel ties that signal to the
/// parent <em>thread</em>, not the process: forked from a thread-pool thread that later retires, a healthy QEMU would be
/// killed. So every such process is forked by one thread that lives as long as the executor.
/// </summary>
public static class ProcessSpawner
{
    public const string Wrapper = "setpriv";

    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Requests = new();

    static ProcessSpawner()
    {
        new Thread(Serve) { IsBackground = true, Name = "process-spawner" }.Start();
    }

    /// <summary>Starts <paramref name="info"/> wrapped (<see cref="WithParentDeathSignal"/>) from the spawner thread.</summary>
    public static Task<Process> StartAsync(ProcessStartInfo info)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((WithParentDeathSignal(info), started));
        return started.Task;
    }

    /// <summary>The same start, as <c>setpriv --pdeathsig KILL -- file args…</c>; setpriv execs the file, so the pid is the file's.</summary>
    public static ProcessStartInfo WithParentDeathSignal(ProcessStartInfo info)
    {
        var wrapped = new ProcessStartInfo(Wrapper)
        {
            RedirectStandardError = info.RedirectStandardError,
            RedirectStandardOutput = info.RedirectStandardOutput,
            RedirectStandardInput = info.RedirectStandardInput,
            UseShellExecute = false,
            WorkingDirectory = info.WorkingDirectory,
        };
        foreach (var arg in (string[])["--pdeathsig", "KILL", "--", info.FileName, .. info.ArgumentList])
            wrapped.ArgumentList.Add(arg);
        foreach (var (key, value) in info.Environment)
            wrapped.Environment[key] = value;
        return wrapped;
    }

    private static void Serve()
    {
        foreach (var (info, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start."));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }
}
