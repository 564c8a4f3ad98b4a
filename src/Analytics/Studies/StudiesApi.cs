using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MigrationAspire.Analytics.Plots;
using MigrationAspire.Analytics.Storage;

namespace MigrationAspire.Analytics.Studies;

/// <summary>The findings, report and figures of a study, read from the runs of its experiments (ids <c>{studyId}-{experiment}</c>).</summary>
public static class StudiesApi
{
    public sealed record StudyFindings(string StudyId, IReadOnlyList<Finding> Findings);

    public static RouteGroupBuilder MapStudies(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics/studies").WithTags("Studies");
        group.MapGet("/{id}/findings", GetFindings).WithSummary("Every seed claim with its deciding statistic and verdict, from the runs stored so far");
        group.MapGet("/{id}/report", GetReport).WithSummary("The study's HTML report: findings, every seed figure with CI bars and the model's prediction");
        group.MapGet("/{id}/figures/{figure}.{format}", GetFigure).WithSummary("One seed figure (5.1–5.6) as png or svg");
        return group;
    }

    private static async Task<Ok<StudyFindings>> GetFindings(string id, RunStore store, CancellationToken cancellationToken)
    {
        var data = await StudyData.LoadAsync(store, id, cancellationToken);
        return TypedResults.Ok(new StudyFindings(id, SeedFindings.Of(data)));
    }

    private static async Task<ContentHttpResult> GetReport(
        string id, RunStore store, IOptions<AnalyticsOptions> options, CancellationToken cancellationToken)
    {
        var data = await StudyData.LoadAsync(store, id, cancellationToken);
        var html = StudyReport.Render(data, SeedFindings.Of(data), f => FigurePoints.Of(f, data, options.Value.GuestBaseFootprintMiB));
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<Results<FileContentHttpResult, NotFoundProblem, ValidationProblem>> GetFigure(
        string id, string figure, string format, RunStore store, IOptions<AnalyticsOptions> options, CancellationToken cancellationToken)
    {
        if (SeedFigures.Find(figure) is not { } known)
            return new NotFoundProblem("Unknown figure", $"No figure '{figure}'; the seed figures are {string.Join(", ", SeedFigures.All.Select(f => f.Id))}.");
        if (!PlotImage.TryParse(format, out var imageFormat))
            return Problems.Invalid("format", $"Unknown image format '{format}'; use png or svg.");
        var data = await StudyData.LoadAsync(store, id, cancellationToken);
        var plot = FigurePlot.Create(id, known, FigurePoints.Of(known, data, options.Value.GuestBaseFootprintMiB));
        var (bytes, contentType) = PlotImage.Render(plot, imageFormat);
        return TypedResults.File(bytes, contentType);
    }
}
