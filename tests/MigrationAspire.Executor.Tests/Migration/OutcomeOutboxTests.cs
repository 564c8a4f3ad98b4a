using Microsoft.Extensions.Logging.Abstractions;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Tests.Observability;

namespace MigrationAspire.Executor.Tests.Migration;

public sealed class OutcomeOutboxTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"outbox-tests-{Guid.NewGuid():n}");
    private readonly List<object> published = [];
    private int failuresLeft;

    private Task Publish(object message, Type type, CancellationToken token)
    {
        Assert.Equal(message.GetType(), type);
        if (failuresLeft > 0)
        {
            failuresLeft--;
            throw new OperationCanceledException("the broker is away", token);
        }
        published.Add(message);
        return Task.CompletedTask;
    }

    private OutcomeOutbox NewOutbox() => new(directory, Publish, NullLogger.Instance);

    private static MigrationCompleted Completed(string runId) => new()
    {
        RunId = runId, VmId = "vm-1", SourceHost = "a", DestinationHost = "b",
        Result = MigrationInstrumentsTests.TestResult() with
        {
            PassHistory = [new PassRecord { Pass = 1, AtMs = 10.5, RemainingBytes = 4096, TransferredBytes = 8192, DirtyPagesRate = 300, ThroughputMbps = 80, CpuThrottlePercent = 0, DowntimeLimitMs = 300 }],
            ExpectedDowntimeMs = null,
        },
    };

    [Fact]
    public async Task An_outcome_the_bus_takes_at_once_leaves_nothing_behind()
    {
        var outbox = NewOutbox();

        Assert.True(await outbox.SendAsync(Completed("exp-0000"), "exp-0000"));

        Assert.Single(published);
        Assert.Equal(0, outbox.Pending);
    }

    [Fact]
    public async Task An_outcome_the_bus_refuses_is_kept_and_resent_unchanged_when_the_bus_is_back()
    {
        var outbox = NewOutbox();
        failuresLeft = 2;
        var completed = Completed("exp-0001");

        Assert.False(await outbox.SendAsync(completed, completed.RunId));
        Assert.Equal(1, outbox.Pending);
        Assert.Equal(0, await outbox.ResendPendingAsync(CancellationToken.None));
        Assert.Equal(1, outbox.Pending);
        Assert.Equal(1, await outbox.ResendPendingAsync(CancellationToken.None));

        var resent = Assert.IsType<MigrationCompleted>(Assert.Single(published));
        Assert.Equal(completed.RunId, resent.RunId);
        Assert.Equal(completed.Result.TotalTimeMs, resent.Result.TotalTimeMs);
        Assert.Null(resent.Result.ExpectedDowntimeMs);
        var pass = Assert.Single(resent.Result.PassHistory);
        Assert.Equal((1L, 10.5, 4096L, 300L, (long?)300), (pass.Pass, pass.AtMs, pass.RemainingBytes, pass.DirtyPagesRate, pass.DowntimeLimitMs));
        Assert.Equal(0, outbox.Pending);
    }

    [Fact]
    public async Task Outcomes_kept_by_an_executor_that_died_are_sent_by_the_next_one_on_the_same_directory()
    {
        failuresLeft = 2;
        var first = NewOutbox();
        await first.SendAsync(Completed("exp-0002"), "exp-0002");
        await first.SendAsync(new MigrationFailed
        {
            RunId = "exp-0003", VmId = "vm-2", SourceHost = "a", DestinationHost = "b", Step = RunStep.Confirm,
            Reason = "no answer", Guest = GuestLocation.Unknown, Partial = null,
        }, "exp-0003");

        var next = NewOutbox();
        Assert.Equal(2, await next.ResendPendingAsync(CancellationToken.None));

        Assert.Equal(["exp-0002", "exp-0003"], published.Select(m => m is MigrationCompleted c ? c.RunId : ((MigrationFailed)m).RunId).Order());
        var failed = Assert.Single(published.OfType<MigrationFailed>());
        Assert.Equal((RunStep.Confirm, GuestLocation.Unknown), (failed.Step, failed.Guest));
    }

    [Fact]
    public async Task A_file_that_is_not_an_outcome_is_moved_aside_instead_of_resent_forever()
    {
        var outbox = NewOutbox();
        await File.WriteAllTextAsync(Path.Combine(directory, "broken.json"), "{ not json");

        Assert.Equal(0, await outbox.ResendPendingAsync(CancellationToken.None));

        Assert.Equal(0, outbox.Pending);
        Assert.True(File.Exists(Path.Combine(directory, "broken.json.unreadable")));
    }

    [Fact]
    public async Task Only_run_outcomes_are_kept()
    {
        var outbox = NewOutbox();
        await Assert.ThrowsAsync<ArgumentException>(() => outbox.SendAsync(new VmDestroyed { VmId = "vm", Host = "a" }, "exp-0004"));
        Assert.Equal(0, outbox.Pending);
    }

    public void Dispose()
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
    }
}
