using System.Text.Json;
using StackExchange.Redis;

namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>
/// Reads a grain's state the way Orleans' Redis storage keeps it: a hash at
/// <c>{serviceId}/state/{grainType}/{key}/{stateName}</c> whose <c>data</c> field is the state as System.Text.Json writes it (the scheduler configures that).
/// </summary>
public static class GrainStateInRedis
{
    public static async Task<JsonElement> ReadAsync(string redisConnection, string grainType, string key, string? stateName = null)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisConnection);
        var pattern = $"*/state/{grainType}/{key}/{stateName ?? grainType}";
        var found = redis.GetServers()[0].Keys(pattern: pattern).ToList();
        Assert.True(found.Count == 1, $"expected one Redis key matching {pattern}, found {found.Count}");
        var data = (string?)await redis.GetDatabase().HashGetAsync(found[0], "data")
            ?? throw new InvalidOperationException($"{found[0]} has no data field");
        return JsonDocument.Parse(data).RootElement.Clone();
    }

    public static IReadOnlyList<JsonElement> Values(JsonElement list) => list.EnumerateArray().ToList();
}
