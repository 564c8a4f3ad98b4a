using System.Diagnostics;

namespace MigrationAspire.Executor.Observability;

/// <summary>
/// A run's own trace: a root span per run whose children are its steps (tune, probe, migrate, confirm), linked
/// to the span of the message that started it, which stays in the experiment's trace. The experiment's trace then
/// holds the scheduler's storage chatter, and a run's trace reads as the run did. Storage calls a step makes
/// (live samples to Redis) sit below that step.
/// </summary>
public sealed class RunTrace : IDisposable
{
    public const string RootName = "run";

    private static readonly AsyncLocal<RunTrace?> current = new();

    private readonly ActivitySource source;
    private readonly Activity? previous;

    private RunTrace(ActivitySource source, string runId, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        this.source = source;
        previous = Activity.Current;
        ActivityLink[] links = previous is null ? [] : [new ActivityLink(previous.Context)];
        // Without a current activity, a span with no parent starts a trace of its own.
        Activity.Current = null;
        Root = source.StartActivity(ActivityKind.Internal, default, [new("run.id", runId), .. tags], links, default, $"{RootName} {runId}");
        current.Value = this;
    }

    /// <summary>The trace of the run this code works for, so a failure deep in a call chain can mark it.</summary>
    public static RunTrace? Current => current.Value;

    public Activity? Root { get; }

    public static RunTrace Start(ActivitySource source, string runId, params KeyValuePair<string, object?>[] tags) => new(source, runId, tags);

    public Task StepAsync(string name, Func<Task> step) => StepAsync(name, async () =>
    {
        await step();
        return true;
    });

    /// <summary>Runs one step in a span of its own; the span is an error when the step throws or <paramref name="failure"/> names a reason.</summary>
    public async Task<T> StepAsync<T>(string name, Func<Task<T>> step, Func<T, string?>? failure = null)
    {
        using var span = source.StartActivity(name);
        try
        {
            var result = await step();
            if (failure?.Invoke(result) is { } reason)
                span?.SetStatus(ActivityStatusCode.Error, reason);
            return result;
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    /// <summary>The run failed: its root span says where and why.</summary>
    public void Fail(string step, string reason)
    {
        Root?.SetTag("run.failed_step", step);
        Root?.SetStatus(ActivityStatusCode.Error, reason);
    }

    public void Dispose()
    {
        Root?.Dispose();
        current.Value = null;
        Activity.Current = previous;
    }
}
