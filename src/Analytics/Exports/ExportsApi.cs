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

    private static async Task<Results<FileStreamHttpResult, NotFoundProblem>> Export(
        string id, ExportFormat format, string contentType, RunStore store, CancellationToken cancellationToken)
    {
        if (await store.ExportAsync(id, format, cancellationToken) is not { } file)
        {
            return Problems.NoExperiment(id);
        }

        // The file is deleted when the response has been sent and the stream is closed.
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var extension = format == ExportFormat.Csv ? "csv" : "parquet";
        return TypedResults.File(stream, contentType, $"{SafeName(id)}-runs.{extension}");
    }

    private static string SafeName(string id) =>
        new(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
