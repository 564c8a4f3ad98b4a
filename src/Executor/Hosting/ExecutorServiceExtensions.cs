using MigrationAspire.Contracts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MigrationAspire.Executor.Messaging;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Network;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Recovery;
using MigrationAspire.Executor.Testing;
using MigrationAspire.Executor.Vms;

namespace MigrationAspire.Executor.Hosting;

public static class ExecutorServiceExtensions
{
    /// <summary>The executor of one hypervisor host: its QEMUs, its queue <c>executor-{host}</c>, its heartbeat.</summary>
    public static WebApplicationBuilder AddExecutor(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ExecutorOptions>(ExecutorOptions.Section);
        var host = builder.Configuration[$"{ExecutorOptions.Section}:HostName"] ?? "";

        builder.Services.AddSingleton<HostRuntime>();
        builder.Services.AddSingleton<HostNetwork>();
        builder.Services.AddSingleton<AcceleratorProbe>();
        builder.Services.AddSingleton<OperationRunner>();
        builder.Services.AddSingleton<VmRegistry>();
        builder.Services.AddSingleton<VmBooter>();
        builder.Services.AddSingleton<IncomingPreparer>();
        builder.Services.AddSingleton<GuestConfirmer>();
        builder.Services.AddSingleton<MigrationDriver>();
        builder.Services.AddSingleton(services => new OutcomeOutbox(
            Path.Combine(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ExecutorOptions>>().Value.WorkDirectory, OutcomeOutbox.DirectoryName),
            (message, type, token) => services.GetRequiredService<MassTransit.IBus>().Publish(message, type, token),
            services.GetRequiredService<ILogger<OutcomeOutbox>>()));
        builder.Services.AddSingleton<IncomingRecoverer>();
        builder.Services.AddSingleton<MigrationAddresses>();
        builder.Services.AddSingleton<LiveSampleWriter>();
        builder.Services.AddSingleton<Observability.MigrationInstruments>();
        builder.Services.AddHostedService<HostInitializer>();
        builder.Services.AddHostedService<HeartbeatPublisher>();
        builder.Services.AddHostedService<OutboxResender>();
        builder.Services.AddHealthChecks()
            .AddStartupCheck()
            .AddCheck<HostReadyHealthCheck>("host");

        builder.AddRedisClient("redis");
        builder.AddLabMessaging(bus =>
        {
            bus.AddHostCommandConsumers(host);
            PeerHeartbeatConsumer.AddTo(bus, host);
            bus.AddTestCommands(builder.Configuration, ExecutorQueue.Name(host));
        });
        return builder;
    }
}
