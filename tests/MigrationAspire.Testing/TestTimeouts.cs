namespace MigrationAspire.Testing;

/// <summary>Bounds for every await of a test: generous for a loaded two-core machine, yet no test can hang.</summary>
public static class TestTimeouts
{
    /// <summary>One step of a test: a call, a query, an event that is due.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    /// <summary>Starting or stopping a process, a silo or a web host.</summary>
    public static readonly TimeSpan Start = TimeSpan.FromSeconds(60);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Step);

    public static Task Within(this Task task) => task.WaitAsync(Step);

    public static Task<T> Within<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Step);

    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Step);

    /// <summary>
    /// Waits until <paramref name="moment"/>; returns at once if it has passed (under load a test can reach this line
    /// after the moment it waits for, and <see cref="Task.Delay(TimeSpan, CancellationToken)"/> refuses a negative span).
    /// </summary>
    public static Task Until(DateTimeOffset moment, CancellationToken cancellationToken)
    {
        var left = moment - DateTimeOffset.UtcNow;
        return left > TimeSpan.Zero ? Task.Delay(left, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>A token cancelled after <see cref="Step"/>, for APIs that take one.</summary>
    public static CancellationToken Token() => new CancellationTokenSource(Step).Token;

    /// <summary>Polls <paramref name="probe"/> until it returns a value, failing with <paramref name="what"/> after <see cref="Step"/>.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow + Step;
        while (true)
        {
            if (await probe().Within() is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {Step.TotalSeconds:F0} s for {what}");
            await Task.Delay(20);
        }
    }

    public static Task<T> Eventually<T>(Func<T?> probe, string what) where T : class =>
        Eventually(() => Task.FromResult(probe()), what);

    public static Task Eventually(Func<Task<bool>> condition, string what) =>
        Eventually<object>(async () => await condition() ? true : null, what);
}
