using System.Net;
using Microsoft.Extensions.Options;
using MigrationAspire.Api.Tests.Infrastructure;
using MigrationAspire.Api.Tests.Validation;

namespace MigrationAspire.Api.Tests.Hosts;

/// <summary>What the service offers besides its routes: documentation, health, configuration.</summary>
[Collection(ApiCollection.Name)]
public sealed class ServiceTests(ApiFixture api)
{
    [Fact]
    public async Task Open_api_document_lists_every_route()
    {
        using var response = await api.Client.GetAsync("/openapi/v1.json").Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadAsStringAsync().Within();
        foreach (var route in new[]
        {
            "/api/experiments", "/api/experiments/{id}", "/api/experiments/{id}/cancel", "/api/experiments/{id}/runs",
            "/api/experiments/{id}/events", "/api/runs/{runId}", "/api/runs/{runId}/samples", "/api/runs/{runId}/events",
            "/api/hosts", "/api/experiments/examples", "/api/experiments/defaults",
        })
            Assert.Contains($"\"{route}\"", document);
        // Analytics documents its routes one by one in a document of its own; the proxy's catch-all is not one of them.
        Assert.DoesNotContain("/api/analytics/{rest}", document);
        Assert.Contains("\"precopy\"", document);
        Assert.Contains("Keys are dotted paths, one of: vm.memoryMiB", document);
    }

    [Fact]
    public async Task The_openapi_document_uses_the_words_of_the_code()
    {
        using var response = await api.Client.GetAsync("/openapi/v1.json").Within();

        var document = await response.Content.ReadAsStringAsync().Within();
        foreach (var word in new[] { "\"maxPasses\"", "\"passes\"", "\"passHistory\"", "\"failedStep\"", "\"migrate\"", "\"report\"", "\"incoming\"", "\"bandwidthMbit\"", "\"outage\"", "\"linkBytes\"", "\"rttMs\"", "\"netns\"" })
            Assert.Contains(word, document);
        foreach (var former in new[] { "iterations", "Iterations", "maxIterations" })
            Assert.DoesNotContain(former, document);
    }

    [Fact]
    public async Task OpenApiDocument_describes_enums_by_their_names()
    {
        var document = await api.Client.GetOpenApiAsync();

        var mode = document.GetProperty("components").GetProperty("schemas").GetProperty("MigrationMode");
        Assert.Equal("string", mode.GetProperty("type").GetString());
        Assert.Equal(["precopy", "stopcopy", "postcopy"], mode.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Api_reference_is_served()
    {
        using var response = await api.Client.GetAsync("/scalar").Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_with_silo_and_redis_up_is_healthy()
    {
        using var response = await api.Client.GetAsync("/health").Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MaxRunsPerExperiment_from_configuration_is_the_limit()
    {
        var settings = api.Settings(api.Analytics.Address);
        settings["Experiments:MaxRunsPerExperiment"] = "4";
        await using var temporary = new TemporaryApi(settings);
        using var client = temporary.CreateClient();

        using var response = await client.PostSpecAsync(Specs.WithJson("""{"repetitions": 5}""")).Within();

        var problem = await response.ReadValidationProblemAsync();
        Assert.Contains("would make 5 runs (5 repetitions); at most 4 runs", problem.Errors["repetitions"][0]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5001")]
    public void MaxRunsPerExperiment_out_of_range_stops_the_service_from_starting(string limit)
    {
        // Above 5 000 checking every run of one request would cost the API more than ~100 ms (bench/README.md).
        var settings = api.Settings(api.Analytics.Address);
        settings["Experiments:MaxRunsPerExperiment"] = limit;
        using var factory = new ApiFactory(settings);

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("MaxRunsPerExperiment", error.Message);
    }
}
