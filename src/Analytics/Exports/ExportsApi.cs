using Microsoft.AspNetCore.Http.HttpResults;
using MigrationAspire.Analytics.Storage;

namespace MigrationAspire.Analytics.Exports;

public static class ExportsApi
{
    public static RouteGroupBuilder MapExports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics/experiments").WithTags("Exports");
        group.MapGet("/{id}/runs.csv", (string id, RunStore store, CancellationToken ct) =>
                Export(id, ExportFormat.Csv, "text/csv", store, ct))
            .WithSummary("Every run of an experiment as CSV: one row per run, a column per swept path and per metric");
        group.MapGet("/{id}/runs.parquet", (string id, RunStore store, CancellationToken ct) =>
                Export(id, ExportFormat.Parquet, "application/vnd.apache.parquet", store, ct))
            .WithSummary("Every run of an experiment as Parquet, with the CSV's columns");
        return group;
    }

    private static async Task<Results<PushStreamHttpResult, NotFoundProblem>> Export(
        string id, ExportFormat format, string contentType, RunStore store, CancellationToken cancellationToken)
    {
        // Runs are only ever added, so an experiment found here is still there when its rows are written.
        if (await store.CountRunsAsync(id, cancellationToken) == 0)
        {
            return Problems.NoExperiment(id);
        }

        var extension = format == ExportFormat.Csv ? "csv" : "parquet";
        return TypedResults.Stream(
            body => store.ExportToAsync(id, format, body, cancellationToken),
            contentType,
            $"{SafeName(id)}-runs.{extension}");
    }

    private static string SafeName(string id) =>
        new(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
