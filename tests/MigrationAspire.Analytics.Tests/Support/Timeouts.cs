namespace MigrationAspire.Analytics.Tests.Support;

internal static class Timeouts
{
    /// <summary>Bound for any single await in a test; generous for a loaded 2-core machine.</summary>
    public static readonly TimeSpan Await = TimeSpan.FromSeconds(30);

    public static CancellationToken Token() => new CancellationTokenSource(Await).Token;
}
