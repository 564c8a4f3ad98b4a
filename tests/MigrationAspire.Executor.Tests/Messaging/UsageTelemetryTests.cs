using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Tests.Messaging;

public sealed class UsageTelemetryTests
{
    [Fact]
    public void The_lab_s_bus_reports_no_usage_to_masstransit_s_vendor()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:messaging"] = "amqp://u:p@127.0.0.1:5999" });
        builder.AddLabMessaging();
        using var services = builder.Services.BuildServiceProvider();

        Assert.False(services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
