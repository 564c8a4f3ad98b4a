namespace MigrationAspire.Scheduler.Tests.Infrastructure;

internal static class TestTimeouts
{
    /// <summary>Generous for a loaded two-core machine, yet no test can hang.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    /// <summary>Starting or stopping a silo.</summary>
    public static readonly TimeSpan Start = TimeSpan.FromSeconds(60);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Step);

    public static Task Within(this Task task) => task.WaitAsync(Step);

    public static Task<T> Within<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Step);

    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Step);

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
