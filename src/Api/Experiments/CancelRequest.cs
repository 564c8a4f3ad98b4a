using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using MigrationAspire.Api.Requests;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Experiments;

/// <summary>The optional body of <c>POST /api/experiments/{id}/cancel</c>.</summary>
public sealed record CancelRequest
{
    public const int MaxReasonLength = 500;
    public const string DefaultReason = "Cancelled through the API.";

    /// <summary>A reason of 500 characters, escaped as JSON, with room to spare.</summary>
    public static BodyLimit Limit { get; } = new(16 * 1024);

    /// <summary>Why, for the experiment's record; <see cref="DefaultReason"/> when absent.</summary>
    public string? Reason { get; init; }

    /// <summary>The reason from the body, the default without one, or the field and rule the body breaks.</summary>
    internal static async Task<CancelReadResult> ReadReasonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        if (!canHaveBody || request.ContentLength == 0)
            return new(DefaultReason);
        if (!request.HasJsonContentType())
            return Error(SpecReader.Root, "The body is optional; when sent it must be application/json like {\"reason\": \"…\"}.");
        if (await RequestBody.ReadAsync(request, Limit, cancellationToken) is not { } bytes)
            return new(null, TooLarge: true);

        CancelRequest? body;
        try
        {
            body = JsonSerializer.Deserialize<CancelRequest>(bytes, SpecJson.Options);
        }
        catch (JsonException e)
        {
            return Error(SpecReader.ToFieldPath(e.Path),
                $"The body must be {{\"reason\": \"…\"}} (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {Echo.Of(e.Message.Split(" Path: ")[0], maxLength: 300)}");
        }
        return body?.Reason switch
        {
            null or "" => new(DefaultReason),
            { Length: > MaxReasonLength } reason => Error("reason", $"reason must be at most {MaxReasonLength} characters (was {reason.Length})."),
            var reason when FreeText.Problem("reason", reason) is { } problem => Error("reason", problem),
            var reason => new(reason),
        };
    }

    private static CancelReadResult Error(string field, string message) =>
        new(null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>A cancel request's reason, or the rules its body breaks, or a body over <see cref="CancelRequest.Limit"/>.</summary>
internal sealed record CancelReadResult(string? Reason, IDictionary<string, string[]>? Errors = null, bool TooLarge = false);
