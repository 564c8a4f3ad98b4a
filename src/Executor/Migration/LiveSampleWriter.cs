using MigrationAspire.Contracts;
using MigrationAspire.Executor.Observability;
using StackExchange.Redis;

namespace MigrationAspire.Executor.Migration;

/// <summary>
/// Writes a run's live samples to its Redis stream (capped, expiring). Redis trouble never stops a
/// migration: the sample is dropped, counted and logged once.
/// </summary>
public sealed class LiveSampleWriter(IConnectionMultiplexer redis, MigrationInstruments instruments, ILogger<LiveSampleWriter> logger)
{
    public async Task<bool> WriteAsync(string runId, LiveSample sample)
    {
        instruments.Observe(runId, sample);
        var key = LiveSampleStream.Key(runId);
        try
        {
            var db = redis.GetDatabase();
            await db.StreamAddAsync(key, LiveSampleStream.Field, LiveSampleStream.Serialize(sample),
                maxLength: LiveSampleStream.MaxLength, useApproximateMaxLength: true);
            // Cheaper than remembering whether this stream got its expiry yet: the command is not awaited.
            await db.KeyExpireAsync(key, LiveSampleStream.Expiry, flags: CommandFlags.FireAndForget);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Live sample of run {RunId} not written to Redis: {Reason}", runId, e.Message);
            return false;
        }
    }
}
