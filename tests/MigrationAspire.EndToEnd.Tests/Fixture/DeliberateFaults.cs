using System.Globalization;

namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>
/// When the tests broke the lab on purpose (a part killed, from the kill until it is back): the errors its services
/// log meanwhile are the fault's, expected, and the check that no resource logged an error leaves them out.
/// </summary>
public sealed class DeliberateFaults
{
    /// <summary>Errors still trail a recovery for a while (reconnect attempts already under way).</summary>
    private static readonly TimeSpan Aftermath = TimeSpan.FromSeconds(30);

    private readonly List<(string Fault, DateTimeOffset From, DateTimeOffset? To)> windows = [];

    /// <summary>Opens a window now; disposing it closes it.</summary>
    public IDisposable Open(string fault)
    {
        int index;
        lock (windows)
        {
            windows.Add((fault, DateTimeOffset.UtcNow, null));
            index = windows.Count - 1;
        }
        return new Closer(() =>
        {
            lock (windows)
                windows[index] = windows[index] with { To = DateTimeOffset.UtcNow };
        });
    }

    /// <summary>The fault whose window holds a log line's timestamp (its first word), if any.</summary>
    public string? Explains(string logLine)
    {
        var stamp = logLine.Split(' ', 2)[0];
        if (!DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return null;
        lock (windows)
            return windows.FirstOrDefault(w => at >= w.From && at <= (w.To ?? DateTimeOffset.MaxValue - Aftermath) + Aftermath).Fault;
    }

    private sealed class Closer(Action close) : IDisposable
    {
        private int closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref closed, 1) == 0)
                close();
        }
    }
}
