using Microsoft.Extensions.Diagnostics.HealthChecks;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>The lab's MassTransit bus over RabbitMQ, addressed by the connection string Aspire injects.</summary>
public static class Messaging
{
    public const string ConnectionName = "messaging";

    public static IHostApplicationBuilder AddLabMessaging(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configure = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} is not set: the app host passes RabbitMQ's address to every service.");

        builder.Services.AddMassTransit(bus =>
        {
            // A lab sends nothing outside the machine: MassTransit would report its usage to its vendor's host.
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            // A bus still starting is "not ready yet" (Degraded, which /health answers with 503 all the same), not an
            // error: Unhealthy made the health check service log an error in every service at each start.
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                configureBus?.Invoke(context, rabbit);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>Sends a command to the executor of its host (commands go to one host, never published).</summary>
    public static async Task SendToHost<T>(this ISendEndpointProvider bus, T command, CancellationToken cancellationToken = default)
        where T : class, MigrationAspire.Contracts.IHostCommand
    {
        var endpoint = await bus.GetSendEndpoint(MigrationAspire.Contracts.ExecutorQueue.Address(command.Host));
        await endpoint.Send(command, cancellationToken);
    }
}
