using RabbitMQ.Client;

namespace MigrationAspire.Scheduler.Hosts;

/// <summary>
/// Tells <see cref="BusListening"/> whether this scheduler reaches RabbitMQ at all, from a connection of its own:
/// MassTransit retries a lost broker connection on its receive endpoints without always reporting them faulted (a
/// broker killed here left them "ready" while every host was marked down for its silence).
/// </summary>
public sealed class BrokerWatch(BusListening listening, IConfiguration configuration, ILogger<BrokerWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);
    private static readonly Uri Broker = new("rabbitmq://lab-broker/");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = configuration.GetConnectionString(Microsoft.Extensions.Hosting.Messaging.ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{Microsoft.Extensions.Hosting.Messaging.ConnectionName} is not set");
        var factory = new ConnectionFactory { Uri = new Uri(connectionString), RequestedConnectionTimeout = TimeSpan.FromSeconds(2), AutomaticRecoveryEnabled = false };
        // Not listening until the broker has been reached once.
        listening.Deaf(Broker);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync("scheduler-broker-watch", stoppingToken);
                var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                connection.ConnectionShutdownAsync += (_, _) =>
                {
                    lost.TrySetResult();
                    return Task.CompletedTask;
                };
                listening.Hearing(Broker);
                logger.LogInformation("The scheduler reaches RabbitMQ");
                await lost.Task.WaitAsync(stoppingToken);
                listening.Deaf(Broker);
                logger.LogWarning("The scheduler lost RabbitMQ: no host is judged by its silence until the broker is back");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever the client throws means the broker is not reached; a watcher that ended on it would stop the silo.
                logger.LogDebug("RabbitMQ not reached: {Reason}", e.Message);
                listening.Deaf(Broker);
            }
            await Task.Delay(Retry, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
