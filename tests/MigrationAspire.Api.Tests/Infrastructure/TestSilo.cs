using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MigrationAspire.Api.Tests.FakeGrains;

namespace MigrationAspire.Api.Tests.Infrastructure;

/// <summary>An Orleans silo in the test process hosting the fake grains, reachable by a client at <see cref="GatewayPort"/>.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    public const string ClusterId = "api-tests";
    public const string ServiceId = "api-tests";

    private readonly IHost host;

    private TestSilo(IHost host, int gatewayPort)
    {
        this.host = host;
        GatewayPort = gatewayPort;
    }

    public int GatewayPort { get; }
    public FakeLab Lab => host.Services.GetRequiredService<FakeLab>();

    public static async Task<TestSilo> StartAsync()
    {
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<FakeLab>();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: ServiceId, clusterId: ClusterId));
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TestTimeouts.Start);
        return new TestSilo(host, gatewayPort);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync().WaitAsync(TestTimeouts.Start);
        host.Dispose();
    }
}
