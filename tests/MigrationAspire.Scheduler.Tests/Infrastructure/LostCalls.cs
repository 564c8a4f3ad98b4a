using System.Collections.Concurrent;

namespace MigrationAspire.Scheduler.Tests.Infrastructure;

/// <summary>A grain call filter that loses chosen calls (by method and grain key), as a dropped one-way message.</summary>
public sealed class LostCalls
{
    private readonly ConcurrentDictionary<(string Method, string Key), int> toLose = new();

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> to grain <paramref name="key"/> are lost.</summary>
    public void Lose(string method, string key, int times = int.MaxValue) => toLose[(method, key)] = times;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var call = (context.MethodName, context.TargetId.Key.ToString());
        if (toLose.TryGetValue(call, out var left) && left > 0 && toLose.TryUpdate(call, left - 1, left))
            return;
        await context.Invoke();
    }
}
