using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Experiments;

/// <summary>The optional body of <c>POST /api/experiments/{id}/cancel</c>.</summary>
public sealed record CancelRequest
{
    public const int MaxReasonLength = 500;
    public const string DefaultReason = "Cancelled through the API.";

    /// <summary>Why, for the experiment's record; <see cref="DefaultReason"/> when absent.</summary>
    public string? Reason { get; init; }

    /// <summary>The reason from the body, the default without one, or the field and rule the body breaks.</summary>
    internal static async Task<(string? Reason, IDictionary<string, string[]>? Errors)> ReadReasonAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        if (!canHaveBody || request.ContentLength == 0)
            return (DefaultReason, null);
        if (!request.HasJsonContentType())
            return (null, Error(SpecReader.Root, "The body is optional; when sent it must be application/json like {\"reason\": \"…\"}."));

        CancelRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<CancelRequest>(request.Body, SpecJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            return (null, Error(SpecReader.ToFieldPath(e.Path),
                $"The body must be {{\"reason\": \"…\"}} (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {e.Message.Split(" Path: ")[0]}"));
        }
        return body?.Reason switch
        {
            null or "" => (DefaultReason, null),
            { Length: > MaxReasonLength } reason => (null, Error("reason", $"reason must be at most {MaxReasonLength} characters (was {reason.Length}).")),
            var reason => (reason, null),
        };
    }

    private static Dictionary<string, string[]> Error(string field, string message) => new() { [field] = [message] };
}
