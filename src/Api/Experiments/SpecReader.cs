using System.Text.Json;
using System.Text.RegularExpressions;
using MigrationAspire.Api.Requests;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Experiments;

/// <summary>A spec read from a request, or why it could not be: field path → messages, or a body over the limit.</summary>
internal sealed record SpecReadResult(ExperimentSpec? Spec, IDictionary<string, string[]> Errors, bool TooLarge = false)
{
    public static SpecReadResult Invalid(string path, string message) => new(null, new Dictionary<string, string[]> { [path] = [message] });
}

/// <summary>
/// Reads an experiment spec from a request body by hand rather than by parameter binding, so that a wrong
/// content type, an empty body and JSON errors all come back as 400s naming the field, line and position.
/// </summary>
internal static partial class SpecReader
{
    /// <summary>The key of errors about the body as a whole: the JSON path of its root.</summary>
    public const string Root = "$";

    /// <summary>Specs are a few hundred bytes; anything near this is not a spec.</summary>
    public static BodyLimit Limit { get; } = new(1024 * 1024);

    public static async Task<SpecReadResult> ReadAsync(HttpRequest request, int maxRuns, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            return SpecReadResult.Invalid(Root,
                $"The body must be an experiment spec sent as application/json (Content-Type was {(request.ContentType is { Length: > 0 } type ? $"'{Echo.Of(type)}'" : "missing")}).");

        if (await RequestBody.ReadAsync(request, Limit, cancellationToken) is not { } body)
            return new SpecReadResult(null, new Dictionary<string, string[]>(), TooLarge: true);
        if (body.Length == 0 || body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            return SpecReadResult.Invalid(Root, "The body is empty: send an experiment spec as a JSON object (see examples/*.json).");

        ExperimentSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ExperimentSpec>(body, SpecJson.Options);
        }
        catch (JsonException e)
        {
            var (field, message) = Describe(e);
            return SpecReadResult.Invalid(field, message);
        }
        if (spec is null)
            return SpecReadResult.Invalid(Root, "The body is JSON null: send an experiment spec as a JSON object.");

        var errors = ExperimentSpecValidator.Validate(spec, maxRuns);
        return new SpecReadResult(errors.Count == 0 ? spec : null, errors.ToDictionary());
    }

    /// <summary>
    /// <c>$.vm.memoryMiB</c> → <c>vm.memoryMiB</c>, the way validation errors name fields; an unknown key is shortened
    /// (<see cref="Echo"/>), since the serializer's path quotes it whole.
    /// </summary>
    internal static string ToFieldPath(string? jsonPath) =>
        jsonPath is null or Root ? Root : Echo.Of(jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath);

    /// <summary>The field to blame, and the serializer's message without .NET type names plus where in the body it happened.</summary>
    private static (string Field, string Message) Describe(JsonException e)
    {
        var field = ToFieldPath(e.Path);
        var message = StripLocation(e.Message);
        if (SpecPaths.Renamed.TryGetValue(field, out var renamed))
            message = $"{field} was renamed to {renamed}: send {renamed} instead (same meaning, same values).";
        else if (UnmappedMember().Match(message) is { Success: true } unmapped)
            message = $"'{Echo.Of(unmapped.Groups[1].Value)}' is not a field of {Parent(field)}; field names are camelCase and unknown fields are an error.";
        else if (DuplicateMember().Match(message) is { Success: true } duplicate)
        {
            // The sweep's keys are read by its converter, so the path stops at the sweep: name the key itself.
            var key = Echo.Of(duplicate.Groups[1].Value);
            (field, message) = field == "sweep"
                ? ($"sweep.{key}", $"sweep.{key} appears twice in sweep; give each path one array of values.")
                : (field, $"'{key}' appears twice in {Parent(field)}; give each field once.");
        }
        else if (NotConvertible().IsMatch(message))
            message = $"{field} must be {SpecFields.Describe(field)}.";
        else if (NullNotAllowed().IsMatch(message))
            message = $"{field} cannot be null; leave it out to take its defaults.";
        else
            message = Echo.Of(message, maxLength: 300);
        var location = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
        return (field, $"{message}{location}");
    }

    private static string Parent(string field) => field.Contains('.') ? field[..field.LastIndexOf('.')] : "the spec";

    private static string StripLocation(string message)
    {
        var at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    [GeneratedRegex("^The JSON property '(.*)' could not be mapped to any \\.NET member")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("^Duplicate property '(.*)' encountered")]
    private static partial Regex DuplicateMember();

    [GeneratedRegex("doesn't allow setting null values")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex("^The JSON value could not be converted to ")]
    private static partial Regex NotConvertible();
}
