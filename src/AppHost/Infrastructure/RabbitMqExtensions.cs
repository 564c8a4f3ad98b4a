using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace MigrationAspire.AppHost.Infrastructure;

public static class RabbitMqExtensions
{
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    /// <summary>
    /// RabbitMQ for the MassTransit bus: a container where a runtime works, else Debian's
    /// <c>rabbitmq-server</c> as an isolated node (own ports, cookie, data and epmd) under the lab directory.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLabRabbitMq(
        this IDistributedApplicationBuilder builder, string name, LabPaths paths, bool useContainers)
    {
        var password = builder.AddLabSecret(paths, $"{name}-password", out var secret, out var newPassword);
        if (useContainers)
            return builder.AddRabbitMQ(name, builder.AddParameter($"{name}-user", LocalRabbitMqResource.UserName), password).WithDataVolume();

        var directory = paths.For(name);
        var mnesia = Path.Combine(directory, "mnesia");
        // The node takes its user from the config only when it is first made: a node made before the lab had
        // credentials holds guest/guest, and is made again.
        if (newPassword && Directory.Exists(mnesia))
            Directory.Delete(mnesia, recursive: true);
        var home = Path.Combine(directory, "home");
        Directory.CreateDirectory(home);
        var amqpPort = FreePort.FromConfiguration(builder.Configuration, "Lab:RabbitMqPort");
        var distPort = FreePort.Next();
        var epmdPort = FreePort.Next();
        var configFile = Path.Combine(directory, "rabbitmq.conf");
        LabSecrets.WritePrivate(configFile, "disk_free_limit.absolute = 50MB\nlog.console = true\nlog.console.level = warning\n"
            + $"default_user = {LocalRabbitMqResource.UserName}\ndefault_pass = {secret}\n"
            + "default_permissions.configure = .*\ndefault_permissions.read = .*\ndefault_permissions.write = .*\n");
        var pluginsFile = Path.Combine(directory, "enabled_plugins");
        File.WriteAllText(pluginsFile, "[].\n");

        // Left alone, the node starts "epmd -daemon", which outlives the lab; run it as a resource instead.
        var epmd = builder.AddExecutable($"{name}-epmd", "epmd", directory, "-port", epmdPort.ToString(), "-address", "127.0.0.1");

        var healthCheck = $"{name}-amqp";
        var rabbit = builder.AddResource(new LocalRabbitMqResource(name, ServerScript, directory, password.Resource))
            .WithEndpoint(port: amqpPort, targetPort: amqpPort, name: LocalRabbitMqResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithEnvironment("HOME", home)
            .WithEnvironment("RABBITMQ_NODENAME", "lab@localhost")
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", amqpPort.ToString())
            .WithEnvironment("RABBITMQ_DIST_PORT", distPort.ToString())
            .WithEnvironment("ERL_EPMD_PORT", epmdPort.ToString())
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_MNESIA_BASE", mnesia)
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(directory, "log"))
            .WithEnvironment("RABBITMQ_LOGS", "-")
            .WithEnvironment("RABBITMQ_CONFIG_FILE", configFile)
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", pluginsFile)
            .WithEnvironment("RABBITMQ_CONF_ENV_FILE", "/dev/null")
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}")
            .WithHealthCheck(healthCheck)
            .WaitFor(epmd);
        epmd.WithParentRelationship(rabbit);

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new AmqpCheck(rabbit.Resource), HealthStatus.Unhealthy, tags: null));
        return rabbit;
    }

    private sealed class AmqpCheck(IResourceWithConnectionString rabbit) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var connectionString = await rabbit.ConnectionStringExpression.GetValueAsync(cancellationToken);
            try
            {
                var factory = new ConnectionFactory { Uri = new Uri(connectionString!), RequestedConnectionTimeout = TimeSpan.FromSeconds(2) };
                await using var connection = await factory.CreateConnectionAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException)
            {
                return HealthCheckResult.Unhealthy("RabbitMQ does not accept AMQP connections yet", e);
            }
        }
    }
}
