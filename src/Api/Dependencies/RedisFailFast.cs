using StackExchange.Redis;

namespace MigrationAspire.Api.Dependencies;

/// <summary>How the API's Redis client fails when Redis is down: within seconds, so the request gets its 503.</summary>
public static class RedisFailFast
{
    private const int TimeoutMs = 3000;

    public static void Configure(ConfigurationOptions options)
    {
        // Commands fail at once while there is no connection, instead of queueing until the client gives up on them.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = TimeoutMs;
        options.AsyncTimeout = TimeoutMs;
        options.SyncTimeout = TimeoutMs;
    }
}
