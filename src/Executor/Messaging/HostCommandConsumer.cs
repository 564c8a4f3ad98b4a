using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Messaging;

/// <summary>
/// Base of the command consumers: a command names its host, and a host acts only on its own commands
/// (a misrouted one is logged and dropped, never executed on the wrong hypervisor).
/// </summary>
public abstract class HostCommandConsumer<T>(IOptions<ExecutorOptions> options, ILogger logger) : IConsumer<T>
    where T : class, IHostCommand
{
    public Task Consume(ConsumeContext<T> context)
    {
        if (context.Message.Host != options.Value.HostName)
        {
            logger.LogWarning("Host {Host} ignored a {Command} meant for host {Target}", options.Value.HostName, typeof(T).Name, context.Message.Host);
            return Task.CompletedTask;
        }
        return Handle(context);
    }

    protected abstract Task Handle(ConsumeContext<T> context);
}

public static class HostCommandConsumers
{
    /// <summary>Every consumer of an <see cref="IHostCommand"/> in the executor, but the test-only ones (<see cref="Testing.TestCommands"/>).</summary>
    public static IReadOnlyList<Type> All { get; } = typeof(HostCommandConsumers).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(HostCommandConsumer<>))
        .Where(t => t.Namespace != typeof(Testing.TestCommands).Namespace)
        .ToList();

    /// <summary>Every command consumer of the executor, on the one queue of its host: commands are sent to the host that must carry them out.</summary>
    public static void AddHostCommandConsumers(this IBusRegistrationConfigurator bus, string host)
    {
        var queue = ExecutorQueue.Name(host);
        foreach (var consumer in All)
            bus.AddConsumer(consumer).Endpoint(e => e.Name = queue);
    }
}
