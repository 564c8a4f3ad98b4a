using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Infrastructure;

internal static class HttpAssertions
{
    public static Task<HttpResponseMessage> PostSpecAsync(this HttpClient client, string json, string? contentType = "application/json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new(contentType);
        return client.PostAsync("/api/experiments", content).Within();
    }

    /// <summary>Creates an experiment from a spec that must be accepted, and returns its view.</summary>
    public static async Task<ExperimentView> CreateExperimentAsync(this HttpClient client, string json)
    {
        using var response = await client.PostSpecAsync(json);
        return await response.ReadAsync<ExperimentView>(HttpStatusCode.Accepted);
    }

    /// <summary>The body, read as every service writes it (<see cref="SpecJson"/>), after checking the status.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync().Within();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, SpecJson.Options)!;
    }

    /// <summary>The API's OpenAPI document, parsed.</summary>
    public static async Task<System.Text.Json.JsonElement> GetOpenApiAsync(this HttpClient client)
    {
        using var response = await client.GetAsync("/openapi/v1.json").Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync().Within());
        return document.RootElement.Clone();
    }

    public static async Task<HttpValidationProblemDetails> ReadValidationProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>().Within())!;
    }

    public static async Task<Microsoft.AspNetCore.Mvc.ProblemDetails> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>().Within())!;
    }
}
