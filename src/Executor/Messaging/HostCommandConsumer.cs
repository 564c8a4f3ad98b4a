using MassTransit;
using MigrationAspire.Executor.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Messaging;

/// <summary>
/// Base of the command consumers: a command names its host, and a host acts only on its own commands
/// (a misrouted one is logged and dropped, never executed on the wrong hypervisor).
/// </summary>
public abstract class HostCommandConsumer<T>(IOptions<ExecutorOptions> options, ILogger logger) : IConsumer<T>
    where T : class
{
    public Task Consume(ConsumeContext<T> context)
    {
        var host = HostOf(context.Message);
        if (host != options.Value.HostName)
        {
            logger.LogWarning("Host {Host} ignored a {Command} meant for host {Target}", options.Value.HostName, typeof(T).Name, host);
            return Task.CompletedTask;
        }
        return Handle(context);
    }

    protected abstract string HostOf(T message);

    protected abstract Task Handle(ConsumeContext<T> context);
}
