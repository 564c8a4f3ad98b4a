using Microsoft.AspNetCore.Http.HttpResults;

namespace MigrationAspire.Api;

/// <summary>Problem details the endpoints share, so every 400 and 404 reads the same way.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult UnknownExperiment(string id) => NotFound($"No experiment has the id '{id}'.");

    public static ProblemHttpResult UnknownRun(string runId) =>
        NotFound($"No run has the id '{runId}'; run ids look like exp-1a2b3c4d-0007 (experiment id, dash, index).");

    /// <summary>A 400 whose <c>detail</c> repeats the first broken rule, for people reading only that line.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string title)
    {
        var first = errors.First();
        var more = errors.Sum(e => e.Value.Length) - 1;
        var detail = $"{first.Key}: {first.Value[0]}{(more > 0 ? $" ({more} more in errors)" : "")}";
        return TypedResults.ValidationProblem(errors, detail, title: title);
    }

    public static ValidationProblem Invalid(string field, string message, string title) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, title);
}
