using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace MigrationAspire.Analytics;

/// <summary>The problem details every route answers with: 404 for what is not stored, 400 naming the parameter.</summary>
public static class Problems
{
    public static NotFoundProblem NoExperiment(string experimentId) => new(
        "Unknown experiment", $"No finished run of experiment '{experimentId}' is stored.");

    public static NotFoundProblem NoRun(string runId) => new(
        "Unknown run", $"Run '{runId}' is not stored (analytics keeps runs once they have finished).");

    public static ValidationProblem Invalid(string parameter, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [parameter] = [message] },
            title: $"Invalid parameter '{parameter}'");
}

/// <summary>
/// A 404 with problem details as <c>application/problem+json</c>, usable in an explicit <c>Results&lt;…&gt;</c>
/// (TypedResults.NotFound(problem) would send it as plain application/json).
/// </summary>
public sealed class NotFoundProblem(string title, string detail)
    : IResult, IStatusCodeHttpResult, IValueHttpResult<ProblemDetails>, IEndpointMetadataProvider
{
    public ProblemDetails Value { get; } = new() { Status = StatusCodes.Status404NotFound, Title = title, Detail = detail };

    public int? StatusCode => StatusCodes.Status404NotFound;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(Value).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]));
}
