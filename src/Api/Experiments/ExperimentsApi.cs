using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
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
            .WithSummary("Start an experiment")
            .WithDescription("Validates the spec (400 naming each broken field and rule; nothing is created), then creates the experiment and starts its runs.");
        group.MapGet("", List).WithSummary("Every experiment with status and progress, newest first");
        group.MapGet("/{id}", Get).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One experiment: spec, status, runs counted by status");
        group.MapPost("/{id}/cancel", Cancel)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .DocumentsJsonBody<CancelRequest>(required: false)
            .WithSummary("Cancel an experiment")
            .WithDescription("Pending runs never start and running ones are cancelled. The body {\"reason\": \"…\"} is optional.");
        group.MapGet("/{id}/runs", GetRuns).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Every run of an experiment with its parameters, status and result");
        return group;
    }

    private static async Task<Results<Accepted<ExperimentView>, ValidationProblem>> Create(
        HttpRequest request, IGrainFactory grains, IOptions<ExperimentLimits> limits, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var read = await SpecReader.ReadAsync(request, limits.Value.MaxRunsPerExperiment, cancellationToken);
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

    private static async Task<Results<Ok<IReadOnlyList<ExperimentSummary>>, ValidationProblem>> List(
        IGrainFactory grains, int? limit)
    {
        if (limit is < 1 or > MaxListLimit)
            return ApiProblems.Invalid("limit", $"limit must be between 1 and {MaxListLimit} (was {limit}).", "Invalid query.");

        var ids = await grains.GetGrain<IExperimentIndexGrain>(IExperimentIndexGrain.Key).List();
        var views = await Task.WhenAll(ids.Take(limit ?? DefaultListLimit)
            .Select(id => grains.GetGrain<IExperimentGrain>(id).Get().AsTask()));
        IReadOnlyList<ExperimentSummary> summaries = [.. views.OfType<ExperimentView>().Select(ExperimentSummary.From)];
        return TypedResults.Ok(summaries);
    }

    private static async Task<Results<Ok<ExperimentView>, ProblemHttpResult>> Get(string id, IGrainFactory grains) =>
        await grains.GetGrain<IExperimentGrain>(id).Get() is { } view
            ? TypedResults.Ok(view)
            : ApiProblems.UnknownExperiment(id);

    private static async Task<Results<Ok<ExperimentView>, ProblemHttpResult, ValidationProblem>> Cancel(
        string id, HttpRequest request, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var (reason, errors) = await CancelRequest.ReadReasonAsync(request, cancellationToken);
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
