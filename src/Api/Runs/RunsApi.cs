using Microsoft.AspNetCore.Http.HttpResults;
using MigrationAspire.Api.Live;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Runs;

public static class RunsApi
{
    public static RouteGroupBuilder MapRuns(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/runs").WithTags("Runs");
        group.MapGet("/{runId}", Get).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One run: parameters, status, result");
        group.MapGet("/{runId}/samples", GetSamples)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A run's live samples (query-migrate readings), oldest first")
            .WithDescription("Pass the id of the last sample you have as ?after= to read only newer ones; ?count= caps the answer. The last sample of a finished run has status completed, failed or cancelled.");
        return group;
    }

    /// <summary>The run, or null when the id is malformed or names no run.</summary>
    internal static async Task<RunRecord?> FindAsync(IGrainFactory grains, string runId) =>
        RunPlan.TryParseRunId(runId, out var experimentId, out var index)
            ? await grains.GetGrain<IExperimentGrain>(experimentId).GetRun(index)
            : null;

    private static async Task<Results<Ok<RunRecord>, ProblemHttpResult>> Get(string runId, IGrainFactory grains) =>
        await FindAsync(grains, runId) is { } run ? TypedResults.Ok(run) : ApiProblems.UnknownRun(runId);

    private static async Task<Results<Ok<IReadOnlyList<SampleEntry>>, ProblemHttpResult, ValidationProblem>> GetSamples(
        string runId, string? after, int? count, IGrainFactory grains, SampleStreamReader samples)
    {
        if (after is not null && !SampleStreamReader.IsStreamId(after))
            return ApiProblems.Invalid("after", $"after must be a sample id such as 1718000000000-0 (was '{after}').", "Invalid query.");
        if (count is < 1 or > LiveSampleStream.MaxLength)
            return ApiProblems.Invalid("count", $"count must be between 1 and {LiveSampleStream.MaxLength} (was {count}).", "Invalid query.");
        if (await FindAsync(grains, runId) is null)
            return ApiProblems.UnknownRun(runId);
        return TypedResults.Ok(await samples.ReadAsync(runId, after, count));
    }
}
