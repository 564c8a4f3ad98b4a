namespace MigrationAspire.Executor.Tests.Qmp;

internal static class TestTimeouts
{
    /// <summary>Generous for a loaded two-core machine, yet no test can hang.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Step);

    public static Task Within(this Task task) => task.WaitAsync(Step);
}
