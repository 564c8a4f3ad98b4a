using Microsoft.AspNetCore.Http.HttpResults;
using MigrationAspire.Analytics.Storage;
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
        string id, ExperimentSummaries summaries, RunStore store, CancellationToken cancellationToken)
    {
        if (await summaries.ComputeAsync(id, cancellationToken) is not var (summary, groups, _))
        {
            return Problems.NoExperiment(id);
        }

        var facts = await store.LoadFactsAsync(id, cancellationToken);
        return TypedResults.Content(ReportPage.Render(summary, groups, facts), "text/html; charset=utf-8");
    }
}
