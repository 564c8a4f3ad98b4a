using Microsoft.AspNetCore.Http.HttpResults;
using MigrationAspire.Analytics.Storage;

namespace MigrationAspire.Analytics.Runs;

public static class RunsApi
{
    public static RouteGroupBuilder MapRuns(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics").WithTags("Runs");
        group.MapGet("/experiments/{id}/runs", ListRuns)
            .WithSummary("Every stored run of an experiment, failed ones included, with its parameters and result");
        group.MapGet("/runs/{runId}", GetRun).WithSummary("One stored run");
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<StoredRun>>, NotFoundProblem>> ListRuns(
        string id, RunStore store, CancellationToken cancellationToken) =>
        await store.ListRunsAsync(id, cancellationToken) is { Count: > 0 } runs
            ? TypedResults.Ok(runs)
            : Problems.NoExperiment(id);

    private static async Task<Results<Ok<StoredRun>, NotFoundProblem>> GetRun(
        string runId, RunStore store, CancellationToken cancellationToken) =>
        await store.FindRunAsync(runId, cancellationToken) is { } run
            ? TypedResults.Ok(run)
            : Problems.NoRun(runId);
}
