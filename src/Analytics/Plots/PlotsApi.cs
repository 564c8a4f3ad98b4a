using Microsoft.AspNetCore.Http.HttpResults;
using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Summary;

namespace MigrationAspire.Analytics.Plots;

public static class PlotsApi
{
    public static RouteGroupBuilder MapPlots(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics").WithTags("Plots");
        group.MapGet("/experiments/{id}/plots/{metric}.{format}", GetMetricPlot)
            .WithSummary("A metric's group means with 95 % CI error bars against a swept parameter, one series per value of another (png or svg)");
        group.MapGet("/experiments/{id}/forecast.{format}", GetForecastPlot)
            .WithSummary("The live ETA's error against how far into the migration it was made, one line per group (png or svg)");
        group.MapGet("/runs/{runId}/timeline.{format}", GetTimeline)
            .WithSummary("A run's remaining bytes, dirty rate and throughput over time, one marker per pass (png or svg)");
        return group;
    }

    private static async Task<Results<FileContentHttpResult, NotFoundProblem, ValidationProblem>> GetMetricPlot(
        string id, string metric, string format, string? x, string? series,
        RunStore store, CancellationToken cancellationToken)
    {
        if (MetricCatalog.Find(metric) is not { } known)
        {
            return Problems.Invalid("metric", $"Unknown metric '{metric}'; known: {string.Join(", ", MetricCatalog.Summarized.Select(m => m.Name))}.");
        }

        if (!known.Summarized)
        {
            return Problems.Invalid("metric", $"'{metric}' is exported but not summarized; plot one of: {string.Join(", ", MetricCatalog.Summarized.Select(m => m.Name))}.");
        }

        if (!PlotImage.TryParse(format, out var imageFormat))
        {
            return Problems.Invalid("format", $"Unknown image format '{format}'; use png or svg.");
        }

        var groups = await store.LoadGroupsAsync(id, cancellationToken);
        if (groups.Count == 0)
        {
            return Problems.NoExperiment(id);
        }

        var layout = SweepLayout.Of(groups);
        var (axes, parameter, error) = PlotAxes.Resolve(layout, x, series);
        if (axes is null)
        {
            return Problems.Invalid(parameter!, error!);
        }

        var (bytes, contentType) = PlotImage.Render(MetricPlot.Create(id, known, groups, layout, axes), imageFormat);
        return TypedResults.File(bytes, contentType);
    }

    private static async Task<Results<FileContentHttpResult, NotFoundProblem, ValidationProblem>> GetForecastPlot(
        string id, string format, ExperimentSummaries summaries, CancellationToken cancellationToken)
    {
        if (!PlotImage.TryParse(format, out var imageFormat))
        {
            return Problems.Invalid("format", $"Unknown image format '{format}'; use png or svg.");
        }

        if (await summaries.GetAsync(id, cancellationToken) is not { } summary)
        {
            return Problems.NoExperiment(id);
        }

        var (bytes, contentType) = PlotImage.Render(ForecastPlot.Create(summary), imageFormat);
        return TypedResults.File(bytes, contentType);
    }

    private static async Task<Results<FileContentHttpResult, NotFoundProblem, ValidationProblem>> GetTimeline(
        string runId, string format, RunStore store, ILiveSampleSource samples, CancellationToken cancellationToken)
    {
        if (!PlotImage.TryParse(format, out var imageFormat))
        {
            return Problems.Invalid("format", $"Unknown image format '{format}'; use png or svg.");
        }

        if (await store.FindRunAsync(runId, cancellationToken) is not { } run)
        {
            return Problems.NoRun(runId);
        }

        var live = await samples.ReadAsync(runId, cancellationToken);
        var (bytes, contentType) = PlotImage.Render(TimelinePlot.Create(run, live), imageFormat);
        return TypedResults.File(bytes, contentType);
    }
}
