using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Experiments;

/// <summary>One of the repository's example specs (examples/*.json), ready to post back to <c>POST /api/experiments</c>.</summary>
public sealed record ExampleSpec(string Name, JsonElement Spec);

/// <summary>What a newcomer needs before writing a spec: the examples, and what every field defaults to.</summary>
public static class ExamplesApi
{
    private const string Prefix = "examples/";

    private static readonly Lazy<IReadOnlyList<ExampleSpec>> Examples = new(Load);

    public static RouteGroupBuilder MapExamples(this RouteGroupBuilder group)
    {
        group.MapGet("/examples", () => TypedResults.Ok(Examples.Value))
            .WithSummary("The example specs shipped with the lab, by name")
            .WithDescription("Each is a complete spec: post its `spec` to `/api/experiments` as it is, or change what you need.");
        group.MapGet("/defaults", Defaults)
            .WithSummary("The spec every field falls back to")
            .WithDescription("Only `name` is required: `{\"name\":\"x\"}` is a complete spec and runs with these values.");
        return group;
    }

    private static Ok<JsonElement> Defaults() =>
        TypedResults.Ok(JsonSerializer.SerializeToElement(new ExperimentSpec { Name = "example" }, SpecJson.Options));

    private static IReadOnlyList<ExampleSpec> Load()
    {
        var assembly = typeof(ExamplesApi).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var document = JsonDocument.Parse(stream);
                return new ExampleSpec(n[Prefix.Length..^".json".Length], document.RootElement.Clone());
            })
            .ToArray();
    }
}
