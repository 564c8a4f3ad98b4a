using System.Net;
using System.Net.Http.Json;
using MigrationAspire.Api.Tests.Infrastructure;

namespace MigrationAspire.Api.Tests.Analytics;

[Collection(ApiCollection.Name)]
public sealed class AnalyticsProxyTests(ApiFixture api)
{
    [Fact]
    public async Task Get_summary_forwards_path_and_query_and_returns_analytics_answer()
    {
        const string path = "/api/analytics/experiments/exp-1a2b3c4d/summary";
        const string query = "?metric=downtimeMs&group=vm.memoryMiB%3D256";

        using var response = await api.Client.GetAsync(path + query).Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await response.Content.ReadFromJsonAsync<AnalyticsRequest>().Within();
        Assert.Equal(new AnalyticsRequest("GET", path, query, "", "application/json", api.Client.BaseAddress!.Authority), seen);
        Assert.Contains(seen, api.Analytics.Requests);
        Assert.Equal(["fake"], response.Headers.GetValues("X-Analytics"));
        Assert.Equal(["en"], response.Content.Headers.ContentLanguage);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(404)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Get_analytics_status_is_passed_on_with_its_body(int status)
    {
        using var response = await api.Client.GetAsync($"/api/analytics/experiments/exp-1/plots/downtime.svg?status={status}").Within();

        Assert.Equal(status, (int)response.StatusCode);
        var seen = await response.Content.ReadFromJsonAsync<AnalyticsRequest>().Within();
        Assert.Equal("/api/analytics/experiments/exp-1/plots/downtime.svg", seen?.Path);
    }

    [Fact]
    public async Task Head_is_forwarded_with_headers_and_no_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/api/analytics/runs?status=204");

        using var response = await api.Client.SendAsync(request).Within();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["fake"], response.Headers.GetValues("X-Analytics"));
        Assert.Contains(api.Analytics.Requests, r => r is { Method: "HEAD", Path: "/api/analytics/runs" });
    }

    [Fact]
    public async Task Post_forwards_the_body()
    {
        using var response = await api.Client.PostAsJsonAsync("/api/analytics/queries", new { metric = "totalTimeMs" }).Within();

        var seen = await response.Content.ReadFromJsonAsync<AnalyticsRequest>().Within();
        Assert.Equal(("POST", "{\"metric\":\"totalTimeMs\"}"), (seen?.Method, seen?.Body));
    }

    [Fact]
    public async Task Get_analytics_down_returns_503_problem_naming_analytics_with_retry_after()
    {
        var nobody = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        await using var temporary = new TemporaryApi(api.Settings(analyticsAddress: nobody));
        using var client = temporary.CreateClient();

        using var response = await client.GetAsync("/api/analytics/experiments/exp-1/summary").Within();

        var problem = await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("The analytics service is unavailable", problem.Title);
        Assert.StartsWith("The analytics service is not reachable: ", problem.Detail);
        Assert.Equal("analytics", problem.Extensions["dependency"]?.ToString());
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Get_analytics_not_discoverable_returns_502_problem()
    {
        var settings = api.Settings(api.Analytics.Address);
        settings.Remove("services:analytics:http:0");
        await using var temporary = new TemporaryApi(settings);
        using var client = temporary.CreateClient();

        using var response = await client.GetAsync("/api/analytics/experiments/exp-1/summary").Within();

        Assert.Equal("Analytics unreachable", (await response.ReadProblemAsync(HttpStatusCode.BadGateway)).Title);
    }
}
