namespace MigrationAspire.Api.Tests.Infrastructure;

internal static class TestTimeouts
{
    /// <summary>Generous for a loaded two-core machine, yet no test can hang.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    /// <summary>Starting a process, a silo or a web host.</summary>
    public static readonly TimeSpan Start = TimeSpan.FromSeconds(60);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Step);

    public static Task Within(this Task task) => task.WaitAsync(Step);

    public static Task<T> Within<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Step);

    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Step);
}
