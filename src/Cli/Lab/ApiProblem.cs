using System.Text.Json;

namespace MigrationAspire.Cli.Lab;

/// <summary>An RFC 9457 problem-details answer as the lab sends it: 400s name each broken field in <see cref="Errors"/>.</summary>
internal sealed record ApiProblem
{
    public string? Title { get; init; }
    public string? Detail { get; init; }
    public int? Status { get; init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>The problem in a body, or one made of the status line when the body is not problem details.</summary>
    public static ApiProblem Read(int status, string? reason, string body)
    {
        try
        {
            if (JsonSerializer.Deserialize<ApiProblem>(body, LabJson.Options) is { Title: not null } problem)
                return problem with { Status = problem.Status ?? status };
        }
        catch (JsonException)
        {
        }
        var text = body.Trim();
        return new ApiProblem { Status = status, Title = $"HTTP {status} {reason}".TrimEnd(), Detail = text.Length == 0 ? null : text[..Math.Min(text.Length, 500)] };
    }

    /// <summary>The title, then one line per broken rule as <c>field: message</c>; the detail when no field is named.</summary>
    public IEnumerable<string> Lines()
    {
        yield return Title ?? $"HTTP {Status}";
        if (Errors.Count == 0)
        {
            if (Detail is not null)
                yield return "  " + Detail;
            yield break;
        }
        foreach (var (field, messages) in Errors)
            foreach (var message in messages)
                yield return $"  {field}: {message}";
    }
}
