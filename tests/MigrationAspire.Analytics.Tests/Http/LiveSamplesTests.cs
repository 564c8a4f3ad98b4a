using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MigrationAspire.Analytics.Plots;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;
using StackExchange.Redis;

namespace MigrationAspire.Analytics.Tests.Http;

public sealed class LiveSamplesTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private AnalyticsApp _app = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _app = new AnalyticsApp(_redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Step);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Timelines_read_the_runs_stream_from_redis_and_fall_back_to_passes_when_it_is_gone()
    {
        var client = await _app.ReadyClientAsync();
        var plan = TestRuns.Plan("live", 0, []);
        await _app.Store.AddAsync(TestRuns.Completed(plan,
            TestRuns.Result(MigrationMode.Precopy, 40, 600, passes: TestRuns.Passes((0, 300_000_000)))), TestTimeouts.Token());
        await using (var writer = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString).WaitAsync(TestTimeouts.Step))
        {
            foreach (var i in Enumerable.Range(0, 5))
            {
                var sample = new LiveSample { AtMs = i * 100, Status = "active", RemainingBytes = 300_000_000 - i * 50_000_000L };
                await writer.GetDatabase().StreamAddAsync(
                    LiveSampleStream.Key(plan.RunId), LiveSampleStream.Field, LiveSampleStream.Serialize(sample)).WaitAsync(TestTimeouts.Step);
            }
        }

        var source = _app.Services.GetRequiredService<ILiveSampleSource>();
        Assert.IsType<RedisLiveSamples>(source);
        var samples = await source.ReadAsync(plan.RunId, TestTimeouts.Token());
        Assert.Equal([0.0, 100, 200, 300, 400], samples.Select(s => s.AtMs));
        Assert.Equal(100_000_000, samples[4].RemainingBytes);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/analytics/runs/live-0000/timeline.png", TestTimeouts.Token())).StatusCode);

        await _redis.StopAsync();

        Assert.Empty(await source.ReadAsync(plan.RunId, TestTimeouts.Token()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/analytics/runs/live-0000/timeline.svg", TestTimeouts.Token())).StatusCode);
    }
}
