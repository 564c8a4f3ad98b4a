using System.Net;
using System.Text.Json;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Http;

public sealed class ConsumerTests : IAsyncLifetime
{
    private readonly AnalyticsApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _app.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Step);

    [Fact]
    public async Task A_published_run_finished_shows_up_in_the_summary_once_even_when_delivered_twice()
    {
        var client = await _app.ReadyClientAsync();
        var harness = _app.Services.GetRequiredService<ITestHarness>();
        var run = new RunFinished { Run = TestRuns.Completed(TestRuns.Plan("bus", 0, [TestRuns.Memory(256)]), downtimeMs: 33) };

        await harness.Bus.Publish(run, TestTimeouts.Token());
        await harness.Bus.Publish(run, TestTimeouts.Token());

        using var timeout = new CancellationTokenSource(TestTimeouts.Step);
        while (harness.Consumed.Select<RunFinished>().Count() < 2)
        {
            await Task.Delay(20, timeout.Token);
        }

        var response = await client.GetAsync("/api/analytics/experiments/bus/summary", TestTimeouts.Token());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestTimeouts.Token())).RootElement;
        Assert.Equal(1, json.GetProperty("counts").GetProperty("total").GetInt32());
        var downtime = json.GetProperty("groups")[0].GetProperty("metrics").GetProperty("downtimeMs");
        Assert.Equal(1, downtime.GetProperty("n").GetInt32());
        Assert.Equal(33, downtime.GetProperty("mean").GetDouble());
        Assert.False(await harness.Consumed.Any<RunFinished>(m => m.Exception is not null, TestTimeouts.Token()));
    }
}
