using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using MigrationAspire.Api.Tests.FakeGrains;

namespace MigrationAspire.Api.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "API over HTTP";
}

/// <summary>
/// The API as <c>WebApplicationFactory&lt;Program&gt;</c> runs it, wired the way the app host wires it but to test
/// doubles: its Orleans client to an in-process silo of fake grains, its Redis to a real redis-server, and
/// <c>http://analytics</c> (service discovery) to a fake analytics service on a real port. Shared by every HTTP test.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public RedisServer Redis { get; private set; } = null!;
    public TestSilo Silo { get; private set; } = null!;
    public FakeAnalytics Analytics { get; private set; } = null!;
    public ApiFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public FakeLab Lab => Silo.Lab;

    public async Task InitializeAsync()
    {
        var redis = RedisServer.StartAsync();
        var silo = TestSilo.StartAsync();
        var analytics = FakeAnalytics.StartAsync();
        await Task.WhenAll(redis, silo, analytics).WaitAsync(TestTimeouts.Start);
        (Redis, Silo, Analytics) = (redis.Result, silo.Result, analytics.Result);

        Factory = new ApiFactory(Settings(analyticsAddress: Analytics.Address));
        Client = CreateClient(Factory);
    }

    /// <summary>The settings the app host would inject, pointing at this fixture's doubles.</summary>
    public Dictionary<string, string?> Settings(Uri analyticsAddress) => new()
    {
        ["ConnectionStrings:redis"] = Redis.ConnectionString,
        ["Orleans:ClusterId"] = TestSilo.ClusterId,
        ["Orleans:ServiceId"] = TestSilo.ServiceId,
        ["Orleans:Clustering:ProviderType"] = "Static",
        ["Orleans:Clustering:Gateways:0"] = $"127.0.0.1:{Silo.GatewayPort}",
        ["services:analytics:http:0"] = analyticsAddress.GetLeftPart(UriPartial.Authority),
        ["Api:Live:SampleInterval"] = "00:00:00.050",
        ["Api:Live:StatusInterval"] = "00:00:00.100",
        ["Api:Live:HeartbeatInterval"] = "00:00:00.500",
    };

    public static HttpClient CreateClient(ApiFactory factory)
    {
        var client = factory.CreateClient();
        client.Timeout = TestTimeouts.Step;
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Factory is not null)
            await Factory.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Start);
        foreach (var part in new IAsyncDisposable?[] { Analytics, Silo, Redis })
            if (part is not null)
                await part.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Start);
    }
}

/// <summary>A second API next to the fixture's, configured differently; disposal is bounded like every await.</summary>
public sealed class TemporaryApi(IReadOnlyDictionary<string, string?> settings) : IAsyncDisposable
{
    public ApiFactory Factory { get; } = new(settings);

    public HttpClient CreateClient() => ApiFixture.CreateClient(Factory);

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Start);
}

/// <summary>The API with the given configuration, quiet below warnings.</summary>
public sealed class ApiFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}
