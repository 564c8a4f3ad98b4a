using System.Diagnostics;
using System.Net;
using MigrationAspire.Api.Tests.Infrastructure;
using MigrationAspire.Api.Tests.Validation;
using MigrationAspire.Contracts;
using Xunit.Abstractions;

namespace MigrationAspire.Api.Tests.Dependencies;

/// <summary>A request that needs a dependency that is down gets a 503 naming it, at once, and changes nothing (issue 12).</summary>
[Collection(ApiCollection.Name)]
public sealed class DependencyDownTests(ApiFixture api, ITestOutputHelper output)
{
    [Fact]
    public async Task A_new_experiment_while_the_scheduler_is_down_gets_503_naming_it_with_retry_after_and_nothing_is_created()
    {
        var silo = await TestSilo.StartAsync();
        var lab = silo.Lab;
        var settings = api.Settings(api.Analytics.Address);
        settings["Orleans:Clustering:Gateways:0"] = $"127.0.0.1:{silo.GatewayPort}";
        await using var temporary = new TemporaryApi(settings);
        using var client = temporary.CreateClient();
        using (var up = await client.GetAsync("/api/experiments").Within())
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);

        await silo.DisposeAsync();
        var clock = Stopwatch.StartNew();
        using var response = await client.PostSpecAsync(Specs.ValidJson);

        output.WriteLine($"{(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s");
        var problem = await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        output.WriteLine(problem.Detail);
        Assert.StartsWith("The scheduler is not reachable: ", problem.Detail);
        Assert.Equal("scheduler", problem.Extensions["dependency"]?.ToString());
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal((0, 0), (lab.CreateCalls, lab.Index.Count));
    }

    [Fact]
    public async Task A_request_the_scheduler_does_not_answer_in_time_gets_503_naming_it_after_the_scheduler_timeout()
    {
        var silo = await TestSilo.StartAsync();
        await using var stopSilo = silo;
        silo.Lab.Stall = TimeSpan.FromSeconds(3);
        var settings = api.Settings(api.Analytics.Address);
        settings["Orleans:Clustering:Gateways:0"] = $"127.0.0.1:{silo.GatewayPort}";
        settings["Api:SchedulerTimeout"] = "00:00:01";
        await using var temporary = new TemporaryApi(settings);
        using var client = temporary.CreateClient();

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/api/experiments/exp-12345678").Within();

        output.WriteLine($"{(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s");
        var problem = await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        output.WriteLine(problem.Detail);
        Assert.StartsWith("The scheduler is not reachable: ", problem.Detail);
    }

    [Fact]
    public async Task Reading_a_run_s_samples_while_redis_is_down_gets_503_naming_redis()
    {
        var experiment = await api.Client.CreateExperimentAsync(Specs.ValidJson);
        var settings = api.Settings(api.Analytics.Address);
        settings["ConnectionStrings:redis"] = $"127.0.0.1:{FreePort.Next()}";
        await using var temporary = new TemporaryApi(settings);
        using var client = temporary.CreateClient();

        using var response = await client.GetAsync($"/api/runs/{RunPlan.MakeRunId(experiment.Id, 0)}/samples").Within();

        var problem = await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        output.WriteLine(problem.Detail);
        Assert.StartsWith("Redis is not reachable: ", problem.Detail);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
