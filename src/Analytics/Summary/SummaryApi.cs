using Microsoft.AspNetCore.Http.HttpResults;

namespace MigrationAspire.Analytics.Summary;

public static class SummaryApi
{
    public static RouteGroupBuilder MapSummary(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics/experiments").WithTags("Summary");
        group.MapGet("/{id}/summary", GetSummary)
            .WithSummary("Statistics per sweep group, comparisons, trends and model error of an experiment's finished runs");
        return group;
    }

    private static async Task<Results<Ok<ExperimentSummary>, NotFoundProblem>> GetSummary(
        string id, ExperimentSummaries summaries, CancellationToken cancellationToken) =>
        await summaries.GetAsync(id, cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : Problems.NoExperiment(id);
}
