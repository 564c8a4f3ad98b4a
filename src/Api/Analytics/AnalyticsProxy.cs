using Microsoft.Extensions.Options;
using MigrationAspire.Api.Dependencies;

namespace MigrationAspire.Api.Analytics;

/// <summary>
/// Every <c>/api/analytics/…</c> request, forwarded with its path, query, method, headers and body to the
/// analytics service, so users need one base URL. The answer streams back with its status and headers.
/// </summary>
public static class AnalyticsProxy
{
    public const string ClientName = "analytics";
    private const string LogCategory = "MigrationAspire.Api.Analytics";
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

    public static WebApplicationBuilder AddAnalyticsProxy(this WebApplicationBuilder builder)
    {
        var analytics = builder.Services.AddHttpClient(ClientName, (services, client) =>
            {
                client.BaseAddress = services.GetRequiredService<IOptions<ApiOptions>>().Value.AnalyticsAddress;
                // Plots and summaries over many runs can take a while; the caller can always hang up.
                client.Timeout = TimeSpan.FromMinutes(5);
            })
            .AddHttpMessageHandler(() => new UnreachableMarker(LabDependency.Analytics));
        // A proxy passes analytics' own answer on: retries would repeat POSTs and turn one refusal into a long
        // wait, and the standard timeouts would cut off slow queries. Service discovery stays.
        // EXTEXP0001: the documented way to undo ConfigureHttpClientDefaults' handler is still marked experimental.
#pragma warning disable EXTEXP0001
        analytics.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }

    public static RouteGroupBuilder MapAnalyticsProxy(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics").WithTags("Analytics");
        group.MapMethods("/{**rest}", Methods, Forward)
            .WithSummary("Forwarded to the analytics service, e.g. GET /api/analytics/experiments/{id}/summary")
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            // Each analytics route is documented by analytics itself (/api/analytics/openapi/v1.json), not as one catch-all.
            .ExcludeFromDescription();
        return group;
    }

    private static async Task<IResult> Forward(HttpContext context, IHttpClientFactory clients, ILoggerFactory loggers)
    {
        var client = clients.CreateClient(ClientName);
        using var request = ForwardedRequest.From(context.Request);
        try
        {
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            return new ForwardedResponse(response);
        }
        // Analytics down (no connection) is a 503 from the exception handler; this is everything else that broke.
        catch (HttpRequestException e) when (DependencyFailures.Of(e) is null)
        {
            loggers.CreateLogger(LogCategory).LogWarning(e, "Analytics at {Address} is unreachable", client.BaseAddress);
            return TypedResults.Problem(
                $"The analytics service ({client.BaseAddress}) did not answer: {e.Message}",
                statusCode: StatusCodes.Status502BadGateway, title: "Analytics unreachable");
        }
        catch (TaskCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return TypedResults.Problem(
                $"The analytics service ({client.BaseAddress}) did not answer within {client.Timeout.TotalSeconds:0} s.",
                statusCode: StatusCodes.Status504GatewayTimeout, title: "Analytics timed out");
        }
    }
}
