using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MigrationAspire.Api.Runs;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Live;

/// <summary>Live progress as server-sent events: <c>curl -N</c> or a browser's <c>EventSource</c> follow a run or an experiment.</summary>
public static class LiveApi
{
    public static RouteGroupBuilder MapLive(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Live");
        group.MapGet("/runs/{runId}/events", FollowRun)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Follow a run: server-sent events sample, status and end")
            .WithDescription("Every live sample as it arrives (event sample, id = sample id; reconnect with Last-Event-ID or ?after= to resume), the run whenever its status changes (event status), and event end after the final status. Comment lines keep an idle stream open.");
        group.MapGet("/experiments/{id}/events", FollowExperiment)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Follow an experiment: server-sent events status, run and end")
            .WithDescription("The experiment's status and progress when they change (event status), each run's status when it changes (event run), and event end once the experiment is final.");
        return group;
    }

    private static async Task<Results<ServerSentEventsStream, ProblemHttpResult, ValidationProblem>> FollowRun(
        string runId, string? after, HttpRequest request, IGrainFactory grains, SampleStreamReader samples,
        IOptions<LiveOptions> options)
    {
        // A reconnecting EventSource sends the id of the last sample it saw.
        var resumeFrom = request.Headers["Last-Event-ID"].FirstOrDefault() is { Length: > 0 } lastEventId ? lastEventId : after;
        if (resumeFrom is not null && !SampleStreamReader.IsStreamId(resumeFrom))
            return ApiProblems.Invalid("after", $"after (or Last-Event-ID) must be a sample id such as 1718000000000-0 (was '{resumeFrom}').", "Invalid query.");
        if (await RunsApi.FindAsync(grains, runId) is not { } run)
            return ApiProblems.UnknownRun(runId);
        var stream = new RunEvents(grains, samples, options.Value, TimeProvider.System);
        return new ServerSentEventsStream((writer, ct) => stream.StreamAsync(run, resumeFrom, writer, ct));
    }

    private static async Task<Results<ServerSentEventsStream, ProblemHttpResult>> FollowExperiment(
        string id, IGrainFactory grains, IOptions<LiveOptions> options)
    {
        if (await grains.GetGrain<IExperimentGrain>(id).Get() is null)
            return ApiProblems.UnknownExperiment(id);
        var stream = new ExperimentEvents(grains, options.Value);
        return new ServerSentEventsStream((writer, ct) => stream.StreamAsync(id, writer, ct));
    }
}
