using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Pages;

/// <summary>
/// Pages for people: the experiment list and one live page per experiment, which follow the API's own routes
/// and server-sent events. Self-contained: every script, style and drawing comes from this assembly, and the
/// content security policy keeps the browser from fetching anything from anywhere else.
/// </summary>
public static class PagesApi
{
    private const string Html = "text/html; charset=utf-8";

    public static RouteGroupBuilder MapPages(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Pages").AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-cache";
            return await next(context);
        });
        group.MapGet("/", () => TypedResults.Redirect("/experiments")).ExcludeFromDescription();
        group.MapGet("/experiments", () => Page("experiments.html"))
            .WithSummary("Web page: every experiment, linked to its live page")
            .Produces(StatusCodes.Status200OK, contentType: "text/html");
        group.MapGet("/experiments/{id}", ExperimentPage)
            .WithSummary("Web page: one experiment live, its runs as a table and the running migration as a chart")
            .WithDescription("Follows /api/experiments/{id}/events and the running run's /api/runs/{runId}/events in the browser.")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status404NotFound, contentType: "text/html");
        group.MapGet("/pages/{file}", Asset).ExcludeFromDescription();
        return group;
    }

    private static async Task<IResult> ExperimentPage(string id, IGrainFactory grains)
    {
        if (await grains.GetGrain<IExperimentGrain>(id).Get() is null)
        {
            var encoded = WebUtility.HtmlEncode(id);
            return TypedResults.Content(
                $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No experiment {encoded}</title><link rel=\"icon\" href=\"/pages/icon.svg\"><link rel=\"stylesheet\" href=\"/pages/lab.css\"></head>"
                + $"<body><main><h1>No experiment has the id '{encoded}'</h1><p><a href=\"/experiments\">Every experiment</a></p></main></body></html>",
                Html, statusCode: StatusCodes.Status404NotFound);
        }
        return Page("experiment.html");
    }

    private static IResult Page(string name) => PageAssets.Find(name) is { } page
        ? TypedResults.Bytes(page.Content, page.ContentType)
        : TypedResults.NotFound();

    private static Results<FileContentHttpResult, NotFound> Asset(string file) => PageAssets.Find(file) is { } asset
        ? TypedResults.Bytes(asset.Content, asset.ContentType)
        : TypedResults.NotFound();
}
