using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Dependencies;

/// <summary>
/// A request that needed a dependency out of reach gets a 503 naming it, with <c>Retry-After</c> (the app host is
/// restarting it), instead of a 500: one handler for every endpoint.
/// </summary>
internal sealed class DependencyExceptionHandler(
    IProblemDetailsService problems, IOptions<ApiOptions> options, ILogger<DependencyExceptionHandler> logger) : IExceptionHandler
{
    private const int MaxReasonLength = 300;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (DependencyFailures.Of(exception) is not { } dependency || context.Response.HasStarted)
            return false;
        var name = dependency.Name();
        var sentence = char.ToUpperInvariant(name[0]) + name[1..];
        logger.LogWarning("{Method} {Path}: {Dependency} is not reachable: {Reason}",
            context.Request.Method, context.Request.Path, name, exception.Message);
        var retryAfter = options.Value.DependencyRetryAfter;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = $"{sentence} is unavailable",
                // The clients' messages run long (Redis appends its whole connection state): the gist is at the front.
                Detail = $"{sentence} is not reachable: {Echo.Of(exception.Message, MaxReasonLength)} (try again in {retryAfter.TotalSeconds:0} s)",
                Extensions = { ["dependency"] = dependency.ToString().ToLowerInvariant() },
            },
        });
    }
}
