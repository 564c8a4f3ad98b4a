using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MigrationAspire.Api.Analytics;
using MigrationAspire.Api.Dependencies;
using MigrationAspire.Api.Experiments;
using MigrationAspire.Api.Requests;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Studies;

public static class StudiesApi
{
    private const string LogCategory = "MigrationAspire.Api.Studies";
    private static readonly BodyLimit Limit = new(4 * 1024);

    public static RouteGroupBuilder MapStudies(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/studies").WithTags("Studies");
        group.MapGet("/presets", Presets).WithSummary("The study presets: seed (every figure of the seed study) and seed-quick");
        group.MapPost("", Create)
            .DocumentsJsonBody<StudyRequest>()
            .LimitsBodyTo(Limit)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Start a study: {\"preset\": \"seed\"}")
            .WithDescription("Runs the preset's experiments one after another under one id. An unknown preset is a 404 naming the presets.");
        group.MapGet("/{id}", Get).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A study: status, its experiments' ids and statuses, and its findings with statistic and verdict");
        group.MapGet("/{id}/report", Report).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The study's HTML report: findings, one plot per seed figure, CSV/Parquet links of every run");
        group.MapPost("/{id}/cancel", Cancel)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .DocumentsJsonBody<CancelRequest>(required: false)
            .LimitsBodyTo(CancelRequest.Limit)
            .WithSummary("Cancel a study: the running experiment is cancelled, later ones never start, finished ones are kept");
        return group;
    }

    private static Ok<IReadOnlyList<PresetView>> Presets() => TypedResults.Ok<IReadOnlyList<PresetView>>(
        [.. StudyPresets.All.Select(p => new PresetView(p.Name, p.Description, p.Experiments.Sum(e => Runs(e.Spec)),
            [.. p.Experiments.Select(e => new PresetExperimentView(e.Experiment, e.Spec.Name, Runs(e.Spec)))]))]);

    private static int Runs(ExperimentSpec spec) => spec.Repetitions * spec.Sweep.Aggregate(1, (n, axis) => n * axis.Values.Count);

    private static async Task<Results<Accepted<StudyView>, ValidationProblem, ProblemHttpResult>> Create(
        HttpRequest request, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            return ApiProblems.Invalid(SpecReader.Root, "The body must be application/json like {\"preset\": \"seed\"}.", "The study request is invalid.");
        if (await RequestBody.ReadAsync(request, Limit, cancellationToken) is not { } bytes)
            return RequestBody.TooLarge(Limit, "a study request is {\"preset\": \"…\"}");
        StudyRequest? body;
        try
        {
            body = JsonSerializer.Deserialize<StudyRequest>(bytes, SpecJson.Options);
        }
        catch (JsonException e)
        {
            return ApiProblems.Invalid(SpecReader.Root, $"The body is not a study request: {e.Message}", "The study request is invalid.");
        }
        if (body?.Preset is not { Length: > 0 } name)
            return ApiProblems.Invalid("preset", $"preset is required; one of: {Names()}.", "The study request is invalid.");
        if (StudyPresets.Find(name) is not { } preset)
            return ApiProblems.NotFound($"No study preset is named '{Echo.Of(name)}'; the presets are: {Names()}.");

        var id = await NewIdAsync(grains);
        var view = await grains.GetGrain<IStudyGrain>(id).Create(preset);
        loggers.CreateLogger(LogCategory).LogInformation("Created study {StudyId} ({Preset})", id, preset.Name);
        return TypedResults.Accepted($"/api/studies/{id}", view);
    }

    private static string Names() => string.Join(", ", StudyPresets.All.Select(p => p.Name));

    private static async Task<string> NewIdAsync(IGrainFactory grains)
    {
        while (true)
        {
            var id = "study-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            if (await grains.GetGrain<IStudyGrain>(id).Get() is null)
                return id;
        }
    }

    private static async Task<Results<Ok<StudyDetail>, ProblemHttpResult>> Get(
        string id, IGrainFactory grains, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<IStudyGrain>(id).Get() is not { } study)
            return UnknownStudy(id);
        var (findings, unavailable) = await FindingsAsync(clients.CreateClient(AnalyticsProxy.ClientName), id, cancellationToken);
        return TypedResults.Ok(new StudyDetail(study, findings, unavailable, $"/api/studies/{Uri.EscapeDataString(id)}/report"));
    }

    private static async Task<(JsonElement? Findings, string? Unavailable)> FindingsAsync(HttpClient analytics, string id, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await analytics.GetAsync($"/api/analytics/studies/{Uri.EscapeDataString(id)}/findings", cancellationToken);
            if (!response.IsSuccessStatusCode)
                return (null, $"analytics answered {(int)response.StatusCode}");
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return (document.RootElement.GetProperty("findings").Clone(), null);
        }
        catch (HttpRequestException e)
        {
            return (null, $"analytics did not answer: {e.Message}");
        }
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Report(
        string id, IGrainFactory grains, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<IStudyGrain>(id).Get() is not { } study)
            return UnknownStudy(id);
        var analytics = clients.CreateClient(AnalyticsProxy.ClientName);
        try
        {
            var html = await analytics.GetStringAsync($"/api/analytics/studies/{Uri.EscapeDataString(id)}/report", cancellationToken);
            // Only the scheduler knows the study's status; analytics knows its runs.
            var status = $"<p id=\"status\">Preset <b>{System.Net.WebUtility.HtmlEncode(study.Preset)}</b>, status <b>{study.Status}</b>.</p>";
            return TypedResults.Content(html.Replace("</h1>", "</h1>" + status, StringComparison.Ordinal), "text/html; charset=utf-8");
        }
        catch (HttpRequestException e) when (DependencyFailures.Of(e) is null)
        {
            return TypedResults.Problem($"The analytics service did not answer: {e.Message}", statusCode: StatusCodes.Status502BadGateway, title: "Analytics unreachable");
        }
    }

    private static async Task<Results<Ok<StudyView>, ProblemHttpResult, ValidationProblem>> Cancel(
        string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (reason, errors, tooLarge) = await CancelRequest.ReadReasonAsync(request, cancellationToken);
        if (tooLarge)
            return RequestBody.TooLarge(CancelRequest.Limit, "the body is {\"reason\": \"…\"} with at most 500 characters");
        if (errors is not null)
            return ApiProblems.Invalid(errors, "The cancel request is invalid.");
        return await grains.GetGrain<IStudyGrain>(id).Cancel(reason!) is { } view ? TypedResults.Ok(view) : UnknownStudy(id);
    }

    private static ProblemHttpResult UnknownStudy(string id) => ApiProblems.NotFound($"No study has the id '{Echo.Of(id)}'.");
}
