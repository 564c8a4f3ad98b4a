using System.Net;
using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Hosting;
using MigrationAspire.Scheduler.Hosts;
using MigrationAspire.Scheduler.Messaging;
using Orleans.Configuration;

namespace MigrationAspire.Scheduler;

public static class SchedulerServiceExtensions
{
    /// <summary>The Orleans silo (clustering, grain state and reminders in Redis, as the app host configures) and its consumers.</summary>
    public static WebApplicationBuilder AddScheduler(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SchedulerOptions>(SchedulerOptions.Section);
        builder.Services.AddValidatedOptions<ExperimentLimits>(ExperimentLimits.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddGrainStateAsJson();

        builder.UseOrleans(silo =>
        {
            // Both lab "hosts" run on this machine: keep cluster traffic on loopback unless told otherwise.
            var advertised = builder.Configuration["Scheduler:AdvertisedIPAddress"];
            silo.Configure<EndpointOptions>(o =>
                o.AdvertisedIPAddress = advertised is null ? IPAddress.Loopback : IPAddress.Parse(advertised));
            silo.AddIncomingGrainCallFilter<ReloadStateOnFailure>();
        });

        // After UseOrleans: the bus starts after the silo, so no consumer calls a grain before it can answer.
        builder.AddLabMessaging(bus =>
        {
            bus.AddConsumer<ExecutorEventsConsumer>();
            bus.AddConsumer<HostHeartbeatConsumer>();
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
                endpoint.UseMessageRetry(r => r.Intervals(100, 500, 2000, 5000)));
        });
        builder.Services.AddSingleton<BusListening>();
        builder.Services.AddReceiveEndpointObserver(provider => provider.GetRequiredService<BusListening>());
        builder.Services.AddHostedService<BrokerWatch>();
        builder.Services.AddHostedService<SelfStallWatch>();
        builder.Services.AddHostedService<ResumeOnStartup>();
        builder.Services.AddHealthChecks().AddStartupCheck();
        return builder;
    }
}
