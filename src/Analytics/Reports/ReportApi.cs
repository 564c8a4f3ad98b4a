using Microsoft.AspNetCore.Http.HttpResults;
using MigrationAspire.Analytics.Summary;

namespace MigrationAspire.Analytics.Reports;

public static class ReportApi
{
    public static RouteGroupBuilder MapReport(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics/experiments").WithTags("Report");
        group.MapGet("/{id}/report", GetReport)
            .WithSummary("An HTML page with the experiment's summary tables and plots");
        return group;
    }

    private static async Task<Results<ContentHttpResult, NotFoundProblem>> GetReport(
        string id, ExperimentSummaries summaries, CancellationToken cancellationToken) =>
        await summaries.GetAsync(id, cancellationToken) is { } summary
            ? TypedResults.Content(ReportPage.Render(summary), "text/html; charset=utf-8")
            : Problems.NoExperiment(id);
}
