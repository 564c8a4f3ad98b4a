using System.Text.RegularExpressions;
using MigrationAspire.Contracts;
using StackExchange.Redis;

namespace MigrationAspire.Api.Live;

/// <summary>One live sample with its Redis stream id, which a client passes back as <c>after</c> to read on.</summary>
public sealed record SampleEntry(string Id, LiveSample Sample);

/// <summary>Reads a run's live samples from its Redis stream (see <see cref="LiveSampleStream"/>).</summary>
public sealed partial class SampleStreamReader(IConnectionMultiplexer redis, ILogger<SampleStreamReader> logger)
{
    /// <summary>Entries after <paramref name="after"/> (exclusive; from the start when null), oldest first.</summary>
    public async Task<IReadOnlyList<SampleEntry>> ReadAsync(string runId, string? after = null, int? count = null)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(
            LiveSampleStream.Key(runId), minId: after is null ? "-" : "(" + after, maxId: "+", count: count);
        var samples = new List<SampleEntry>(entries.Length);
        foreach (var entry in entries)
        {
            var json = (string?)entry[LiveSampleStream.Field];
            LiveSample? sample = null;
            try
            {
                sample = json is null ? null : LiveSampleStream.Deserialize(json);
            }
            catch (System.Text.Json.JsonException e)
            {
                logger.LogWarning(e, "Skipping unreadable sample {EntryId} of run {RunId}", entry.Id, runId);
            }
            // One bad entry must not hide the rest of a run's samples.
            if (sample is not null)
                samples.Add(new SampleEntry(entry.Id!, sample));
        }
        return samples;
    }

    /// <summary>A Redis stream id: milliseconds, optionally a dash and a sequence number.</summary>
    public static bool IsStreamId(string value) => StreamId().IsMatch(value);

    [GeneratedRegex(@"^\d{1,20}(-\d{1,20})?$")]
    private static partial Regex StreamId();
}
