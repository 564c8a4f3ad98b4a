using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Hosting;
using MigrationAspire.Contracts;

namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>
/// The test's own connection to the lab's RabbitMQ: sends commands to executor hosts and sees every event
/// the lab publishes, on a temporary queue of its own.
/// </summary>
public sealed class LabBus : IAsyncDisposable
{
    private readonly IBusControl bus;
    private readonly ConcurrentQueue<object> seen = new();
    private readonly SemaphoreSlim arrived = new(0);

    private LabBus(IBusControl bus) => this.bus = bus;

    public static async Task<LabBus> StartAsync(string rabbitMq, CancellationToken cancellationToken)
    {
        LabBus? lab = null;
        var control = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(rabbitMq));
            cfg.ReceiveEndpoint(new TemporaryEndpointDefinition(), e =>
            {
                e.Handler<VmBooted>(c => lab!.Record(c.Message));
                e.Handler<VmBootFailed>(c => lab!.Record(c.Message));
                e.Handler<IncomingReady>(c => lab!.Record(c.Message));
                e.Handler<IncomingFailed>(c => lab!.Record(c.Message));
                e.Handler<MigrationCompleted>(c => lab!.Record(c.Message));
                e.Handler<MigrationFailed>(c => lab!.Record(c.Message));
                e.Handler<VmDestroyed>(c => lab!.Record(c.Message));
                e.Handler<HostHeartbeat>(c => lab!.Record(c.Message));
                e.Handler<RunFinished>(c => lab!.Record(c.Message));
            });
        });
        lab = new LabBus(control);
        await control.StartAsync(cancellationToken);
        return lab;
    }

    public Task Send<T>(T command) where T : class, IHostCommand => bus.SendToHost(command);

    /// <summary>Sends a request to an executor host's queue and waits for its answer.</summary>
    public async Task<TResponse> Request<TRequest, TResponse>(string host, TRequest request, TimeSpan timeout)
        where TRequest : class where TResponse : class
    {
        var client = bus.CreateRequestClient<TRequest>(ExecutorQueue.Address(host), RequestTimeout.After(ms: (int)timeout.TotalMilliseconds));
        return (await client.GetResponse<TResponse>(request)).Message;
    }

    /// <summary>The first event of type <typeparamref name="T"/> matching <paramref name="match"/>, seen before or after the call.</summary>
    public async Task<T> WaitFor<T>(Func<T, bool> match, TimeSpan timeout) where T : class
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (seen.OfType<T>().FirstOrDefault(match) is { } found)
                return found;
            try { await arrived.WaitAsync(TimeSpan.FromMilliseconds(200), deadline.Token); }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {typeof(T).Name} matching the test's condition arrived within {timeout}.");
            }
        }
    }

    /// <summary>Whichever comes first of two event kinds about the same thing (e.g. success or failure).</summary>
    public async Task<object> WaitForEither<TA, TB>(Func<TA, bool> a, Func<TB, bool> b, TimeSpan timeout) where TA : class where TB : class
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (seen.OfType<TA>().FirstOrDefault(a) is { } first)
                return first;
            if (seen.OfType<TB>().FirstOrDefault(b) is { } second)
                return second;
            try { await arrived.WaitAsync(TimeSpan.FromMilliseconds(200), deadline.Token); }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Neither {typeof(TA).Name} nor {typeof(TB).Name} arrived within {timeout}.");
            }
        }
    }

    public IReadOnlyList<T> All<T>() => seen.OfType<T>().ToList();

    private Task Record(object message)
    {
        seen.Enqueue(message);
        arrived.Release();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bus.StopAsync(stop.Token);
    }
}
