using System.Net;
using System.Text.Json;
using MigrationAspire.Analytics.Tests.Support;

namespace MigrationAspire.Analytics.Tests.Http;

public sealed class RoutesTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private HttpClient Client => seeded.Client;

    private async Task<(HttpResponseMessage Response, JsonElement Json)> GetJsonAsync(string url)
    {
        var response = await Client.GetAsync(url, TestTimeouts.Token());
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestTimeouts.Token())).RootElement;
        return (response, json);
    }

    [Fact]
    public async Task Health_is_200_once_the_store_is_open()
    {
        var response = await Client.GetAsync("/health", TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Summary_has_groups_counts_and_metric_summaries_under_the_public_names()
    {
        var (response, json) = await GetJsonAsync("/api/analytics/experiments/exp/summary");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("exp", json.GetProperty("experimentId").GetString());
        Assert.Equal(13, json.GetProperty("counts").GetProperty("total").GetInt32());
        Assert.Equal(1, json.GetProperty("counts").GetProperty("failed").GetInt32());
        var groups = json.GetProperty("groups");
        Assert.Equal(4, groups.GetArrayLength());
        var first = groups[0];
        Assert.Equal("migration.mode=\"precopy\" vm.memoryMiB=256", first.GetProperty("key").GetString());
        Assert.Equal(256, first.GetProperty("parameters").GetProperty("vm.memoryMiB").GetInt32());
        Assert.Equal("precopy", first.GetProperty("parameters").GetProperty("migration.mode").GetString());
        Assert.Equal(3, first.GetProperty("counts").GetProperty("completed").GetInt32());
        Assert.Equal(1, first.GetProperty("counts").GetProperty("failed").GetInt32());
        var downtime = first.GetProperty("metrics").GetProperty("downtimeMs");
        Assert.Equal(["n", "mean", "median", "p95", "min", "max", "stddev", "ci95Low", "ci95High"],
            downtime.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, downtime.GetProperty("n").GetInt32());
        Assert.Equal(26.6, downtime.GetProperty("mean").GetDouble(), 1e-9);
        Assert.Equal("converged", first.GetProperty("model").GetProperty("prediction").GetProperty("outcome").GetString());
        Assert.True(first.GetProperty("model").GetProperty("errors").GetProperty("downtimeMs").GetProperty("meanRelativeError").GetDouble() > 0);
        Assert.Equal("fieller", json.GetProperty("comparisons")[0].GetProperty("metrics").GetProperty("downtimeMs").GetProperty("method").GetString());
        Assert.Equal("vm.memoryMiB", json.GetProperty("trends")[0].GetProperty("parameter").GetString());
        Assert.Equal("/api/analytics/experiments/exp/report", json.GetProperty("links").GetProperty("report").GetString());
        Assert.Equal("ms", json.GetProperty("units").GetProperty("downtimeMs").GetString());
    }

    [Theory]
    [InlineData("/api/analytics/experiments/nope/summary")]
    [InlineData("/api/analytics/experiments/nope/runs")]
    [InlineData("/api/analytics/experiments/nope/runs.csv")]
    [InlineData("/api/analytics/experiments/nope/runs.parquet")]
    [InlineData("/api/analytics/experiments/nope/report")]
    [InlineData("/api/analytics/experiments/nope/plots/downtimeMs.png")]
    [InlineData("/api/analytics/runs/nope-0000/timeline.svg")]
    public async Task Unknown_experiments_and_runs_are_404_problem_details(string url)
    {
        var (response, json) = await GetJsonAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, json.GetProperty("status").GetInt32());
        Assert.Contains("nope", json.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/analytics/experiments/exp/plots/latency.png", "metric")]
    [InlineData("/api/analytics/experiments/exp/plots/downtimeMs.gif", "format")]
    [InlineData("/api/analytics/experiments/exp/plots/downtimeMs.svg?x=vm.vcpus", "x")]
    [InlineData("/api/analytics/experiments/exp/plots/downtimeMs.svg?series=workload.pattern", "series")]
    [InlineData("/api/analytics/runs/exp-0000/timeline.jpeg", "format")]
    public async Task Unknown_metrics_paths_and_formats_are_400_naming_the_parameter(string url, string parameter)
    {
        var (response, json) = await GetJsonAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(json.GetProperty("errors").TryGetProperty(parameter, out _), json.ToString());
    }

    [Theory]
    [InlineData("/api/analytics/experiments/exp/plots/downtimeMs.png", "image/png")]
    [InlineData("/api/analytics/experiments/exp/plots/totalTimeMs.svg?x=migration.mode&series=vm.memoryMiB", "image/svg+xml")]
    [InlineData("/api/analytics/runs/exp-0001/timeline.png", "image/png")]
    [InlineData("/api/analytics/runs/exp-0012/timeline.svg", "image/svg+xml")]
    [InlineData("/api/analytics/experiments/exp/forecast.svg", "image/svg+xml")]
    public async Task Plots_are_served_as_images(string url, string contentType)
    {
        var response = await Client.GetAsync(url, TestTimeouts.Token());
        var bytes = await response.Content.ReadAsByteArrayAsync(TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(bytes.Length > 1000);
    }

    [Fact]
    public async Task Exports_are_served_with_their_content_types()
    {
        var csv = await Client.GetAsync("/api/analytics/experiments/exp/runs.csv", TestTimeouts.Token());
        var lines = (await csv.Content.ReadAsStringAsync(TestTimeouts.Token())).TrimEnd('\n').Split('\n');
        var parquet = await Client.GetAsync("/api/analytics/experiments/exp/runs.parquet", TestTimeouts.Token());
        var bytes = await parquet.Content.ReadAsByteArrayAsync(TestTimeouts.Token());

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal(14, lines.Length);
        Assert.Contains("migration.mode", lines[0]);
        Assert.Equal("application/vnd.apache.parquet", parquet.Content.Headers.ContentType?.MediaType);
        Assert.Equal("PAR1"u8.ToArray(), bytes[..4]);
        Assert.Equal("PAR1"u8.ToArray(), bytes[^4..]);
    }

    [Fact]
    public async Task Runs_are_listed_with_parameters_as_json_values()
    {
        var (response, json) = await GetJsonAsync("/api/analytics/experiments/exp/runs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(13, json.GetArrayLength());
        Assert.Equal(512, json[3].GetProperty("parameters").GetProperty("vm.memoryMiB").GetInt32());
        Assert.Equal("failed", json[12].GetProperty("status").GetString());
        Assert.Equal("guest died", json[12].GetProperty("failureReason").GetString());
        Assert.Equal(2, json[0].GetProperty("result").GetProperty("passHistory").GetArrayLength());
        Assert.Equal(2, json[0].GetProperty("result").GetProperty("passes").GetInt64());
    }

    [Fact]
    public async Task The_report_page_embeds_the_plots_and_the_group_table()
    {
        var response = await Client.GetAsync("/api/analytics/experiments/exp/report", TestTimeouts.Token());
        var html = await response.Content.ReadAsStringAsync(TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<table id=\"groups\">", html);
        // Group labels as people write them, human labels with units, every figure explained, the live page linked.
        Assert.Contains("migration.mode=stopcopy vm.memoryMiB=512", html);
        Assert.DoesNotContain("&quot;stopcopy&quot;", html);
        Assert.Contains("<th>Downtime (ms)</th>", html);
        Assert.Contains("<th>Data sent (MiB)</th>", html);
        Assert.Contains("<dt>Guest saw (ms)</dt>", html);
        Assert.Contains("exceeds its total time", html);
        Assert.Contains("95 % interval on a log scale", html);
        Assert.Contains("<a href=\"../../../../experiments/exp\">live page</a>", html);
        Assert.Contains("<dt>QEMU</dt>", html);
        Assert.Contains("<img src=\"plots/downtimeMs.svg\"", html);
        Assert.Contains("<img src=\"../../runs/exp-0000/timeline.svg\"", html);
        Assert.Contains("<table id=\"comparisons\">", html);
        Assert.Contains("<table id=\"trends\">", html);
        Assert.Contains("<table id=\"model\">", html);

        // The relative image URL resolves, from the page's own URL, to a plot route.
        var image = new Uri(new Uri(Client.BaseAddress!, "/api/analytics/experiments/exp/report"), "plots/downtimeMs.svg");
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(image, TestTimeouts.Token())).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_analytics_routes()
    {
        var (response, json) = await GetJsonAsync("/api/analytics/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(json.GetProperty("paths").TryGetProperty("/api/analytics/experiments/{id}/summary", out _));
        // Figures are numbers, or null where they are undefined or beyond a double.
        var mean = json.GetProperty("components").GetProperty("schemas").GetProperty("MetricSummary").GetProperty("properties").GetProperty("mean");
        Assert.Equal(["null", "number"], mean.GetProperty("type").EnumerateArray().Select(t => t.GetString()).Order());
    }
}
