using System.ComponentModel;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MigrationAspire.Api.Requests;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Experiments;

public static class ExperimentsApi
{
    internal const string InvalidSpecTitle = "The experiment spec is invalid.";
    private const string LogCategory = "MigrationAspire.Api.Experiments";
    private const int DefaultListLimit = 100;
    private const int MaxListLimit = 1000;

    public static RouteGroupBuilder MapExperiments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/experiments").WithTags("Experiments");

        group.MapPost("", Create)
            .DocumentsJsonBody<ExperimentSpec>()
            .LimitsBodyTo(SpecReader.Limit)
            .WithSummary("Start an experiment")
            .WithDescription("Validates the spec (400 naming each broken field and rule; nothing is created), then creates the experiment and starts its runs. A body over 1 MiB gets a 413.");
        group.MapGet("", List)
            .WithSummary("Experiments with status and progress, newest first, a page at a time")
            .WithDescription($"At most `limit` experiments (default {DefaultListLimit}, 1–{MaxListLimit}) after the one named by `after`; `total` counts the whole list and `next` is the link to the following page, null on the last.");
        group.MapGet("/{id}", Get).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One experiment: spec, status, runs counted by status");
        group.MapPost("/{id}/cancel", Cancel)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .DocumentsJsonBody<CancelRequest>(required: false)
            .LimitsBodyTo(CancelRequest.Limit)
            .WithSummary("Cancel an experiment")
            .WithDescription("Pending runs never start and running ones are cancelled. The body {\"reason\": \"…\"} is optional.");
        group.MapGet("/{id}/runs", GetRuns).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Every run of an experiment with its parameters, status and result");
        return group.MapExamples();
    }

    private static async Task<Results<Accepted<ExperimentView>, ValidationProblem, ProblemHttpResult>> Create(
        HttpRequest request, IGrainFactory grains, IOptions<ExperimentLimits> limits, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var read = await SpecReader.ReadAsync(request, limits.Value.MaxRunsPerExperiment, cancellationToken);
        if (read.TooLarge)
            return RequestBody.TooLarge(SpecReader.Limit, "an experiment spec is a small JSON object");
        if (read.Spec is not { } spec)
            return ApiProblems.Invalid(read.Errors, InvalidSpecTitle);

        var id = await NewIdAsync(grains);
        using var activity = Telemetry.Api.StartActivity("CreateExperiment");
        activity?.SetTag("experiment.id", id);
        ExperimentView view;
        try
        {
            view = await grains.GetGrain<IExperimentGrain>(id).Create(spec);
        }
        catch (ArgumentException e)
        {
            // The grain validates again (other clients call it too); its verdict is the user's problem, not ours.
            logger.LogInformation("Experiment grain refused the spec of {ExperimentId}: {Reason}", id, e.Message);
            return ApiProblems.Invalid(SpecReader.Root, e.Message, InvalidSpecTitle);
        }
        logger.LogInformation("Created experiment {ExperimentId} ({Name}) with {Runs} runs", id, spec.Name, view.Runs.Total);
        return TypedResults.Accepted($"/api/experiments/{id}", view);
    }

    /// <summary><c>exp-</c> and 8 random hex digits; a taken id (one in four billion) is drawn again.</summary>
    private static async Task<string> NewIdAsync(IGrainFactory grains)
    {
        while (true)
        {
            var id = "exp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            if (await grains.GetGrain<IExperimentGrain>(id).Get() is null)
                return id;
        }
    }

    private static async Task<Results<Ok<ExperimentPage>, ValidationProblem>> List(
        IGrainFactory grains,
        [Description("Experiments on this page, 1–1000; 100 when absent.")] int? limit,
        [Description("The id of the last experiment of the previous page (the next link carries it); the first page when absent.")] string? after)
    {
        if (limit is < 1 or > MaxListLimit)
            return ApiProblems.Invalid("limit", $"limit must be between 1 and {MaxListLimit} (was {limit}).", "Invalid query.");

        var ids = await grains.GetGrain<IExperimentIndexGrain>(IExperimentIndexGrain.Key).List();
        var start = 0;
        if (after is not null)
        {
            // A cursor, not an offset: experiments created meanwhile go to the front and do not shift the pages.
            var at = ids.ToList().IndexOf(after);
            if (at < 0)
                return ApiProblems.Invalid("after", $"after must be the id of a listed experiment, as the previous page's next link gives it (was '{Echo.Of(after)}').", "Invalid query.");
            start = at + 1;
        }
        var size = limit ?? DefaultListLimit;
        var page = ids.Skip(start).Take(size).ToList();
        var views = await Task.WhenAll(page.Select(id => grains.GetGrain<IExperimentGrain>(id).Get().AsTask()));
        return TypedResults.Ok(new ExperimentPage
        {
            Items = [.. views.OfType<ExperimentView>().Select(ExperimentSummary.From)],
            Total = ids.Count,
            Next = start + page.Count < ids.Count ? $"/api/experiments?limit={size}&after={Uri.EscapeDataString(page[^1])}" : null,
        });
    }

    private static async Task<Results<Ok<ExperimentView>, ProblemHttpResult>> Get(string id, IGrainFactory grains) =>
        await grains.GetGrain<IExperimentGrain>(id).Get() is { } view
            ? TypedResults.Ok(view)
            : ApiProblems.UnknownExperiment(id);

    private static async Task<Results<Ok<ExperimentView>, ProblemHttpResult, ValidationProblem>> Cancel(
        string id, HttpRequest request, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var (reason, errors, tooLarge) = await CancelRequest.ReadReasonAsync(request, cancellationToken);
        if (tooLarge)
            return RequestBody.TooLarge(CancelRequest.Limit, "the body is {\"reason\": \"…\"} with at most 500 characters");
        if (errors is not null)
            return ApiProblems.Invalid(errors, "The cancel request is invalid.");
        if (await grains.GetGrain<IExperimentGrain>(id).Cancel(reason!) is not { } view)
            return ApiProblems.UnknownExperiment(id);
        logger.LogInformation("Cancelled experiment {ExperimentId}: {Reason}", id, reason);
        return TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<IReadOnlyList<RunRecord>>, ProblemHttpResult>> GetRuns(string id, IGrainFactory grains)
    {
        var experiment = grains.GetGrain<IExperimentGrain>(id);
        if (await experiment.Get() is null)
            return ApiProblems.UnknownExperiment(id);
        return TypedResults.Ok(await experiment.GetRuns());
    }
}
