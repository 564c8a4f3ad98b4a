using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace MigrationAspire.Api.Requests;

/// <summary>The most a route reads of a request body; a larger one gets a 413 naming this limit.</summary>
/// <remarks>
/// Routing passes the server (Kestrel) a larger limit, <see cref="MaxDrainedBytes"/>: a client that sends its
/// whole body without waiting for <c>100 Continue</c> reads the 413 only if the server takes in (and throws away)
/// the rest, as Kestrel does for a few seconds after the answer. At its own limit Kestrel would close the
/// connection instead, and the client would see a reset. Beyond <see cref="MaxDrainedBytes"/> it still does.
/// </remarks>
public sealed record BodyLimit(long Bytes) : IRequestSizeLimitMetadata
{
    public const long MaxDrainedBytes = 64 * 1024 * 1024;

    long? IRequestSizeLimitMetadata.MaxRequestBodySize => Math.Max(Bytes, MaxDrainedBytes);

    public string Shown => Bytes % 1024 == 0 ? $"{Bytes / 1024} KiB ({Bytes} bytes)" : $"{Bytes} bytes";
}

/// <summary>Reads a body up to a limit: a declared length over it is refused before a byte is read.</summary>
internal static class RequestBody
{
    /// <summary>The body, or null when it is larger than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, BodyLimit limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit.Bytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit.Bytes)
                    return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }

    /// <summary>413 naming the limit and what the body should have been.</summary>
    public static ProblemHttpResult TooLarge(BodyLimit limit, string expected) => TypedResults.Problem(
        $"The request body is larger than {limit.Shown}, the limit of this route; {expected}.",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.");
}

public static class BodyLimitExtensions
{
    /// <summary>Caps the route's body (a 413 problem beyond it) and says so in the OpenAPI document.</summary>
    public static RouteHandlerBuilder LimitsBodyTo(this RouteHandlerBuilder builder, BodyLimit limit) =>
        builder.WithMetadata(limit).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
}
