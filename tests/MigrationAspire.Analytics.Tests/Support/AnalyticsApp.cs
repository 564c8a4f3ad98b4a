using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MigrationAspire.Analytics.Storage;

namespace MigrationAspire.Analytics.Tests.Support;

/// <summary>
/// The analytics service in memory: its DuckDB file in a temp directory, and the RabbitMQ bus replaced by
/// MassTransit's in-memory test harness (which keeps the service's own consumer registrations).
/// </summary>
/// Live samples come from Redis only when a connection string is given, as in production.
public sealed class AnalyticsApp(string? redisConnectionString = null) : WebApplicationFactory<Program>
{
    private readonly TempDirectory _directory = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Analytics:DatabasePath", _directory.File("analytics.duckdb"));
        if (redisConnectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:redis", redisConnectionString);
        }

        // Never dialled: the harness replaces the transport, but AddLabMessaging insists on an address.
        builder.UseSetting("ConnectionStrings:messaging", "amqp://guest:guest@127.0.0.1:1/");
        builder.ConfigureTestServices(services => services.AddMassTransitTestHarness());
    }

    public RunStore Store => Services.GetRequiredService<RunStore>();

    /// <summary>The client, once the store has opened (it opens in the background, as in production).</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        using var timeout = new CancellationTokenSource(TestTimeouts.Step);
        while (!Store.IsReady)
        {
            await Task.Delay(20, timeout.Token);
        }

        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _directory.Dispose();
        }
    }
}
