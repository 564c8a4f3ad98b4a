using System.Collections.Concurrent;
using System.Diagnostics;

namespace MigrationAspire.Executor.Hosting;

/// <summary>
/// Runs the long operations (boot, migrate) off the message consumers, which return at once: a migration
/// can outlast any broker's consumer timeout. Each operation keeps the trace of the message that started it,
/// and shutdown cancels and awaits them all. Nothing fails unseen: an operation that throws, for any reason,
/// has its failure told by the handler it was started with (a MigrationFailed, a VmBootFailed, …).
/// </summary>
public sealed class OperationRunner(ILogger<OperationRunner> logger)
{
    private readonly ConcurrentDictionary<string, (Task Task, CancellationTokenSource Cancel)> running = new();
    private readonly CancellationTokenSource stopping = new();

    /// <summary>
    /// Starts <paramref name="operation"/> under <paramref name="key"/>; false if one with that key already runs. When it
    /// throws (but for the executor's own shutdown), <paramref name="failed"/> tells its outcome.
    /// </summary>
    public bool TryStart(string key, string activityName, Func<CancellationToken, Task> operation, Func<Exception, Task> failed,
        params (string Key, object? Value)[] tags)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        var parent = Activity.Current?.Context ?? default;
        // The operation may only begin once it is registered, so its own clean-up cannot run before the registration.
        var admitted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            if (!await admitted.Task)
                return;
            using var activity = Telemetry.Executor.StartActivity(activityName, ActivityKind.Internal, parent);
            foreach (var (tagKey, value) in tags)
                activity?.SetTag(tagKey, value);
            try
            {
                await operation(cancel.Token);
            }
            // Cancelled by shutdown, or by a token of the operation's own (the VM it works on was destroyed): an end, not a fault.
            catch (OperationCanceledException e) when (cancel.IsCancellationRequested || e.CancellationToken.IsCancellationRequested)
            {
                logger.LogInformation("Operation {Key} stopped", key);
            }
            catch (Exception e)
            {
                activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                logger.LogError(e, "Operation {Key} failed unexpectedly", key);
                await TellAsync(key, failed, e);
            }
            finally
            {
                running.TryRemove(key, out _);
                cancel.Dispose();
            }
        });
        var added = running.TryAdd(key, (task, cancel));
        if (!added)
            cancel.Dispose();
        admitted.SetResult(added);
        return added;
    }

    /// <summary>Completes when the operation under <paramref name="key"/> has ended (at once if none runs), or after <paramref name="timeout"/>.</summary>
    public async Task WhenEndedAsync(string key, TimeSpan timeout)
    {
        if (!running.TryGetValue(key, out var operation))
            return;
        try
        {
            await operation.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // Still running: the caller decides.
        }
    }

    private async Task TellAsync(string key, Func<Exception, Task> failed, Exception e)
    {
        try
        {
            await failed(e);
        }
        catch (Exception telling)
        {
            logger.LogError(telling, "Operation {Key}: its failure could not be told", key);
        }
    }

    public async Task StopAllAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(running.Values.Select(r => r.Task));
    }
}
