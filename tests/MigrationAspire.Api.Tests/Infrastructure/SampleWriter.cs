using MigrationAspire.Contracts;
using StackExchange.Redis;

namespace MigrationAspire.Api.Tests.Infrastructure;

/// <summary>Writes live samples the way the executor does: XADD to the run's stream, one JSON field.</summary>
internal static class SampleWriter
{
    public static async Task<string> AddSampleAsync(this IDatabase redis, string runId, double atMs, string status = "active", long remainingBytes = 0)
    {
        var sample = new LiveSample { AtMs = atMs, Status = status, RemainingBytes = remainingBytes, Pass = 1 };
        var id = await redis.StreamAddAsync(LiveSampleStream.Key(runId), LiveSampleStream.Field, LiveSampleStream.Serialize(sample)).Within();
        return id!;
    }
}
