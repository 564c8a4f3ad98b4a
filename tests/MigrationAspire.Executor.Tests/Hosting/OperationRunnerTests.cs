using MigrationAspire.Executor.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace MigrationAspire.Executor.Tests.Hosting;

public sealed class OperationRunnerTests
{
    [Fact]
    public async Task An_operation_that_throws_anything_has_its_failure_told()
    {
        var runner = new OperationRunner(NullLogger<OperationRunner>.Instance);
        var told = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.True(runner.TryStart("migrate:r1", "migrate", _ => throw new KeyNotFoundException("no such pass"), e =>
        {
            told.SetResult(e);
            return Task.CompletedTask;
        }));

        var failure = await told.Task.Within();
        Assert.IsType<KeyNotFoundException>(failure);
        Assert.Equal("no such pass", failure.Message);
    }

    [Fact]
    public async Task An_operation_cancelled_from_within_is_a_failure_too()
    {
        var runner = new OperationRunner(NullLogger<OperationRunner>.Instance);
        var told = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);

        runner.TryStart("migrate:r2", "migrate", _ => throw new OperationCanceledException("the VM went"), e =>
        {
            told.SetResult(e);
            return Task.CompletedTask;
        });

        Assert.IsType<OperationCanceledException>(await told.Task.Within());
    }

    [Fact]
    public async Task The_executor_s_shutdown_is_no_failure_of_its_operations()
    {
        var runner = new OperationRunner(NullLogger<OperationRunner>.Instance);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var told = false;
        runner.TryStart("boot:vm1", "boot-vm", async ct =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, _ =>
        {
            told = true;
            return Task.CompletedTask;
        });
        await started.Task.Within();

        await runner.StopAllAsync().Within();

        Assert.False(told);
    }

    [Fact]
    public async Task A_failing_failure_handler_does_not_take_the_runner_down()
    {
        var runner = new OperationRunner(NullLogger<OperationRunner>.Instance);
        runner.TryStart("x", "x", _ => throw new InvalidOperationException("first"), _ => throw new InvalidOperationException("second"));
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first operation leaves the runner once its handler has run: its key is free again.
        var deadline = DateTime.UtcNow + TestTimeouts.Step;
        while (!runner.TryStart("x", "x", _ =>
        {
            ran.SetResult();
            return Task.CompletedTask;
        }, _ => Task.CompletedTask))
        {
            Assert.True(DateTime.UtcNow < deadline, "the key of the failed operation stayed taken");
            await Task.Delay(20);
        }
        await ran.Task.Within();
    }
    [Fact]
    public async Task A_key_still_winding_down_is_refused_until_its_operation_has_ended_and_then_free()
    {
        // A VM destroyed a moment ago: its boot operation still ends while the next boot of the same VM arrives.
        var runner = new OperationRunner(NullLogger<OperationRunner>.Instance);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(runner.TryStart("boot:vm2", "boot-vm", _ => release.Task, _ => Task.CompletedTask));
        Assert.False(runner.TryStart("boot:vm2", "boot-vm", _ => Task.CompletedTask, _ => Task.CompletedTask));

        var stillRunning = runner.WhenEndedAsync("boot:vm2", TimeSpan.FromMilliseconds(50));
        await stillRunning.Within();
        var ended = runner.WhenEndedAsync("boot:vm2", TimeSpan.FromMinutes(1));
        Assert.False(ended.IsCompleted);
        release.SetResult();
        await ended.Within();

        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(runner.TryStart("boot:vm2", "boot-vm", _ => { second.SetResult(); return Task.CompletedTask; }, _ => Task.CompletedTask));
        await second.Task.Within();
        await runner.WhenEndedAsync("no such key", TimeSpan.FromMinutes(1)).Within();
    }
}
