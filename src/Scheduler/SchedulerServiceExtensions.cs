using System.Net;
using Orleans.Configuration;

namespace MigrationAspire.Scheduler;

public static class SchedulerServiceExtensions
{
    /// <summary>The Orleans silo (clustering, grain state and reminders in Redis, as the app host configures).</summary>
    public static WebApplicationBuilder AddScheduler(this WebApplicationBuilder builder)
    {
        builder.UseOrleans(silo =>
        {
            // Both lab "hosts" run on this machine: keep cluster traffic on loopback unless told otherwise.
            var advertised = builder.Configuration["Scheduler:AdvertisedIPAddress"];
            silo.Configure<EndpointOptions>(o =>
                o.AdvertisedIPAddress = advertised is null ? IPAddress.Loopback : IPAddress.Parse(advertised));
        });
        builder.Services.AddHealthChecks().AddStartupCheck();
        return builder;
    }
}
