using System.Diagnostics;
using MigrationAspire.Executor.Observability;

namespace MigrationAspire.Executor.Tests.Observability;

public sealed class RunTraceTests : IDisposable
{
    private readonly ActivitySource source = new($"RunTraceTests-{Guid.NewGuid():N}");
    private readonly List<Activity> stopped = [];
    private readonly ActivityListener listener;

    public RunTraceTests()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (stopped) stopped.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
    }

    [Fact]
    public async Task A_run_is_a_trace_of_its_own_whose_children_are_its_steps_and_which_links_the_message_span()
    {
        using var message = source.StartActivity("consume StartMigration")!;
        using (var trace = RunTrace.Start(source, "exp-0000", new KeyValuePair<string, object?>("host", "host-a")))
        {
            await trace.StepAsync("probe", () => Task.FromResult(12));
            await trace.StepAsync("migrate", () => Task.CompletedTask);
        }

        var root = Assert.Single(stopped, a => a.DisplayName == "run exp-0000");
        Assert.NotEqual(message.TraceId, root.TraceId);
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal(message.Context, Assert.Single(root.Links).Context);
        Assert.Equal("host-a", root.GetTagItem("host"));
        var steps = stopped.Where(a => a.ParentSpanId == root.SpanId).Select(a => a.DisplayName).ToArray();
        Assert.Equal(["probe", "migrate"], steps);
        Assert.All(stopped.Where(a => a != root), a => Assert.Equal(root.TraceId, a.TraceId));
        // The message's span is current again once the run's trace is done.
        Assert.Same(message, Activity.Current);
    }

    [Fact]
    public async Task A_failed_step_marks_its_span_and_the_run_as_errors_with_the_reason()
    {
        using (var trace = RunTrace.Start(source, "exp-0001"))
        {
            await trace.StepAsync("confirm", () => Task.FromResult(false), healthy => healthy ? null : "guest memory differs");
            await Assert.ThrowsAsync<TimeoutException>(() => trace.StepAsync("probe", () => Task.FromException(new TimeoutException("no answer"))));
            RunTrace.Current!.Fail("confirm", "guest memory differs");
        }

        var confirm = Assert.Single(stopped, a => a.DisplayName == "confirm");
        Assert.Equal((ActivityStatusCode.Error, "guest memory differs"), (confirm.Status, confirm.StatusDescription));
        var probe = Assert.Single(stopped, a => a.DisplayName == "probe");
        Assert.Equal((ActivityStatusCode.Error, "no answer"), (probe.Status, probe.StatusDescription));
        var root = Assert.Single(stopped, a => a.DisplayName == "run exp-0001");
        Assert.Equal(ActivityStatusCode.Error, root.Status);
        Assert.Equal("confirm", root.GetTagItem("run.failed_step"));
        Assert.Null(RunTrace.Current);
    }

    public void Dispose()
    {
        listener.Dispose();
        source.Dispose();
    }
}
