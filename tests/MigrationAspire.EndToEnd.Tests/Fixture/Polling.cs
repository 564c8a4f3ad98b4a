namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>The end-to-end tests' one polling loop: a condition checked every half second until it holds or time is up.</summary>
public static class Polling
{
    public static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{because} (waited {timeout.TotalSeconds:0} s)");
            await Task.Delay(500);
        }
    }

    public static Task WaitUntil(Func<bool> condition, TimeSpan timeout, string because) =>
        WaitUntil(() => Task.FromResult(condition()), timeout, because);
}
