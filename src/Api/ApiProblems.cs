using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api;

/// <summary>Problem details the endpoints share, so every 400 and 404 reads the same way.</summary>
internal static class ApiProblems
{
    /// <summary>Keys and messages of one 400, as JSON-escaped bytes: whatever a request holds, the answer stays small.</summary>
    internal const int MaxErrorBytes = 16 * 1024;
    private const int MaxKeyLength = 200;
    private const int MaxMessageLength = 1000;

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult UnknownExperiment(string id) => NotFound($"No experiment has the id '{Echo.Of(id)}'.");

    public static ProblemHttpResult UnknownRun(string runId) =>
        NotFound($"No run has the id '{Echo.Of(runId)}'; run ids look like exp-1a2b3c4d-0007 (experiment id, dash, index).");

    /// <summary>A 400 whose <c>detail</c> repeats the first broken rule, for people reading only that line.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string title)
    {
        var shown = Within(errors);
        var first = shown.First();
        var more = shown.Sum(e => e.Value.Length) - 1;
        var detail = $"{first.Key}: {first.Value[0]}{(more > 0 ? $" ({more} more in errors)" : "")}";
        return TypedResults.ValidationProblem(shown, detail, title: title);
    }

    public static ValidationProblem Invalid(string field, string message, string title) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, title);

    /// <summary>
    /// The errors that fit <see cref="MaxErrorBytes"/>, in order, keys and messages shortened; what is left out is
    /// counted under <c>$</c>. Validators cap their own output too; this is the last bound before the wire.
    /// </summary>
    internal static Dictionary<string, string[]> Within(IDictionary<string, string[]> errors)
    {
        var kept = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var budget = MaxErrorBytes;
        var left = 0;
        foreach (var (key, messages) in errors)
        {
            var shownKey = Echo.Of(key, MaxKeyLength);
            var fitting = new List<string>();
            foreach (var message in messages)
            {
                var shown = Echo.Of(message, MaxMessageLength);
                var cost = Bytes(shown) + (fitting.Count == 0 ? Bytes(shownKey) : 0);
                if (cost > budget)
                {
                    left++;
                    continue;
                }
                budget -= cost;
                fitting.Add(shown);
            }
            if (fitting.Count > 0)
                kept[shownKey] = kept.TryGetValue(shownKey, out var earlier) ? [.. earlier, .. fitting] : [.. fitting];
        }
        if (left > 0 || kept.Count == 0)
        {
            var note = $"…and {left} more problems, left out to keep this answer short.";
            kept["$"] = kept.TryGetValue("$", out var root) ? [.. root, note] : [note];
        }
        return kept;
    }

    /// <summary>What a text costs in the response: JSON-escaped UTF-8 plus quotes and separators.</summary>
    private static int Bytes(string text) => JsonEncodedText.Encode(text).EncodedUtf8Bytes.Length + 4;
}
