using Microsoft.Extensions.Options;
using MigrationAspire.Contracts;
using StackExchange.Redis;

namespace MigrationAspire.Analytics.Plots;

/// <summary>Where a run's live samples come from, for its timeline.</summary>
public interface ILiveSampleSource
{
    Task<IReadOnlyList<LiveSample>> ReadAsync(string runId, CancellationToken cancellationToken);
}

/// <summary>No Redis configured: timelines are drawn from the passes in the run's result.</summary>
public sealed class NoLiveSamples : ILiveSampleSource
{
    public Task<IReadOnlyList<LiveSample>> ReadAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LiveSample>>([]);
}

/// <summary>
/// Reads the run's stream (<see cref="LiveSampleStream"/>). Streams expire after a week, and Redis may be
/// down: either way the timeline falls back to the passes rather than failing.
/// </summary>
public sealed class RedisLiveSamples(
    IConnectionMultiplexer redis, IOptions<AnalyticsOptions> options, ILogger<RedisLiveSamples> logger) : ILiveSampleSource
{
    public async Task<IReadOnlyList<LiveSample>> ReadAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            var entries = await redis.GetDatabase()
                .StreamRangeAsync(LiveSampleStream.Key(runId), "-", "+", options.Value.TimelineSampleLimit)
                .WaitAsync(cancellationToken);
            return entries
                .Select(e => e[LiveSampleStream.Field])
                .Where(v => v.HasValue)
                .Select(v => LiveSampleStream.Deserialize(v.ToString()))
                .OfType<LiveSample>()
                .ToList();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or System.Text.Json.JsonException)
        {
            logger.LogWarning(e, "Live samples of run {RunId} unavailable; drawing its timeline from its passes", runId);
            return [];
        }
    }
}
