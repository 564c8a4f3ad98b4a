using System.Net;
using System.Text;
using MigrationAspire.Api.Tests.Infrastructure;
using MigrationAspire.Api.Tests.Validation;

namespace MigrationAspire.Api.Tests.Experiments;

/// <summary>
/// Bodies built to make validation expensive or its answer long: each gets a 400 (or 413) of a few KiB, and nothing
/// is created. How long the worst of them takes is measured in bench/ (validation of the worst request).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AdversarialRequestTests(ApiFixture api)
{
    /// <summary>The most a problem response may be, whatever was sent.</summary>
    private const int MaxAnswerBytes = 64 * 1024;

    /// <summary>Just under the 1 MiB a spec may have.</summary>
    private const int NearLimit = 1024 * 1024 - 4096;

    public static TheoryData<string, string, string> Bodies => new()
    {
        { "a MiB of wrong sweep values", Sweep("vm.memoryMiB", Fill("\"x\"")), "sweep" },
        { "a MiB of one value repeated", Sweep("vm.memoryMiB", Fill("256")), "sweep" },
        { "a MiB of distinct values", Sweep("vm.memoryMiB", string.Join(",", Enumerable.Range(1, 140_000))), "sweep" },
        { "five thousand unknown sweep paths", Spec("\"sweep\": {" + string.Join(",", Enumerable.Range(0, 5_000).Select(i => $"\"vm.x{i}\": [1]")) + "}"), "sweep" },
        { "four hundred values each wrong", Spec("\"repetitions\": 1, \"sweep\": {\"vm.vcpus\": [" + string.Join(",", Enumerable.Range(0, 400).Select(i => $"\"{i}\"")) + "]}"), "sweep.vm.vcpus[0]" },
        { "a sweep path of a MiB", Spec("\"sweep\": {\"" + new string('p', NearLimit) + "\": [1]}"), "sweep.pppppp" },
        { "a field name of a MiB", Spec("\"vm\": {\"" + new string('f', NearLimit) + "\": 1}"), "vm.ffffff" },
        { "a sweep value of a MiB", Spec("\"sweep\": {\"vm.memoryMiB\": [\"" + new string('v', NearLimit) + "\"]}"), "sweep.vm.memoryMiB[0]" },
        { "a name of a MiB", Spec("\"name\": \"" + new string('n', NearLimit) + "\""), "name" },
        { "nesting ten thousand deep", Specs.WithJson("""{"workload": {"pattern": null}}""").Replace("null", new string('[', 10_000) + new string(']', 10_000)), "workload.pattern" },
        { "nesting deep in a sweep value", Sweep("vm.vcpus", new string('[', 10_000) + new string(']', 10_000)), "sweep" },
        { "thousands of unknown keys", "{\"name\": \"x\"," + string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"\"k{i}\": {i}")) + "}", "k0" },
        { "thousands of repeated keys", "{" + string.Join(",", Enumerable.Range(0, 50_000).Select(_ => "\"name\": \"x\"")) + "}", "name" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Post_adversarial_body_answers_a_short_400_and_creates_nothing(string what, string body, string field)
    {
        var createCalls = api.Lab.CreateCalls;
        Assert.True(body.Length < 1024 * 1024, $"{what}: the body is {body.Length} bytes");

        using var response = await api.Client.PostSpecAsync(body);

        var answer = await response.Content.ReadAsByteArrayAsync().Within();
        Assert.True(answer.Length <= MaxAnswerBytes, $"{what}: {answer.Length} bytes of answer");
        var problem = await response.ReadValidationProblemAsync();
        Assert.Contains(problem.Errors.Keys, k => k.StartsWith(field, StringComparison.Ordinal));
        Assert.Equal(createCalls, api.Lab.CreateCalls);
    }

    [Fact]
    public async Task Post_fifty_megabytes_returns_413_naming_the_limit()
    {
        using var content = new ByteArrayContent(Padded(50_000_000));
        content.Headers.ContentType = new("application/json");

        using var response = await api.Client.PostAsync("/api/experiments", content).Within();

        var problem = await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("larger than 1024 KiB (1048576 bytes)", problem.Detail);
    }

    [Fact]
    public async Task Post_oversized_body_of_unknown_length_returns_413_naming_the_limit()
    {
        // No Content-Length: the limit is found while reading.
        using var content = new StreamContent(new MemoryStream(Padded(3_000_000)));
        content.Headers.ContentType = new("application/json");

        using var response = await api.Client.PostAsync("/api/experiments", content).Within();

        Assert.Contains("1048576 bytes", (await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge)).Detail);
    }

    [Fact]
    public async Task Cancel_oversized_body_returns_413_naming_the_limit()
    {
        var created = await api.Client.CreateExperimentAsync(Specs.ValidJson);
        using var content = new StringContent($$"""{"reason": "{{new string('r', 100_000)}}"}""", Encoding.UTF8, "application/json");

        using var response = await api.Client.PostAsync($"/api/experiments/{created.Id}/cancel", content).Within();

        Assert.Contains("16 KiB (16384 bytes)", (await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge)).Detail);
    }

    [Fact]
    public async Task OpenApiDocument_lists_the_413_of_every_route_with_a_body()
    {
        var document = await api.Client.GetOpenApiAsync();

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/experiments").GetProperty("post").GetProperty("responses").TryGetProperty("413", out _));
        Assert.True(paths.GetProperty("/api/experiments/{id}/cancel").GetProperty("post").GetProperty("responses").TryGetProperty("413", out _));
    }

    /// <summary>A valid spec padded with white space to <paramref name="bytes"/>.</summary>
    internal static byte[] Padded(int bytes)
    {
        var spec = Encoding.UTF8.GetBytes(Specs.ValidJson);
        var body = new byte[bytes];
        Array.Fill(body, (byte)' ');
        spec.CopyTo(body, 0);
        return body;
    }

    /// <summary>The valid spec with members added (or replaced) at the top level, given as JSON text.</summary>
    private static string Spec(string members) => Specs.WithJson("{" + members + "}");

    internal static string Sweep(string path, string values) => Specs.WithJson("{\"sweep\": {}}").Replace("\"sweep\":{}", $"\"sweep\":{{\"{path}\":[{values}]}}");

    /// <summary>Copies of one JSON value, comma-separated, filling about <paramref name="bytes"/>.</summary>
    internal static string Fill(string value, int bytes = NearLimit - 1024) =>
        string.Join(",", Enumerable.Repeat(value, bytes / (value.Length + 1)));
}
