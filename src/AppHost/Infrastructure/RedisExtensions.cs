using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace MigrationAspire.AppHost.Infrastructure;

public static class RedisExtensions
{
    /// <summary>
    /// Redis for Orleans clustering, grain state, reminders and live samples: a container where a runtime
    /// works, else <c>redis-server</c> on a port of its own, with its data (AOF) under the lab directory.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLabRedis(
        this IDistributedApplicationBuilder builder, string name, LabPaths paths, bool useContainers)
    {
        var password = builder.AddLabSecret(paths, $"{name}-password", out var secret, out _);
        if (useContainers)
            return builder.AddRedis(name, password: password).WithDataVolume().WithPersistence();

        var dataDirectory = paths.For(name);
        // The password goes in a file only the owner reads, not on the command line, where ps shows it to everyone.
        var configFile = Path.Combine(dataDirectory, "redis.conf");
        LabSecrets.WritePrivate(configFile, $"requirepass {secret}\n");
        var port = FreePort.FromConfiguration(builder.Configuration, "Lab:RedisPort");
        var healthCheck = $"{name}-ping";
        var redis = builder.AddResource(new LocalRedisResource(name, dataDirectory, password.Resource))
            .WithEndpoint(port: port, targetPort: port, name: LocalRedisResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(configFile, "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dataDirectory,
                "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
                "--daemonize", "no", "--logfile", "")
            .WithHealthCheck(healthCheck);

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new RedisPingCheck(redis.Resource), HealthStatus.Unhealthy, tags: null));
        return redis.WithOrleansProviderType("Redis");
    }

    private sealed class RedisPingCheck(IResourceWithConnectionString redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken);
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"{connectionString},connectTimeout=2000,abortConnect=true");
                await connection.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy();
            }
            catch (RedisConnectionException e)
            {
                return HealthCheckResult.Unhealthy($"redis at {connectionString} does not answer", e);
            }
        }
    }
}
