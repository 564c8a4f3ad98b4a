using System.Text;
using System.Text.Json;

namespace MigrationAspire.Testing;

/// <summary>One server-sent event as a client sees it.</summary>
public sealed record SseEvent(string Name, string? Id, string Data)
{
    public T Read<T>(JsonSerializerOptions options) => JsonSerializer.Deserialize<T>(Data, options)!;
}

/// <summary>Parses a <c>text/event-stream</c> body line by line, keeping comments apart from events.</summary>
public sealed class SseReader(Stream body) : IDisposable
{
    private readonly StreamReader reader = new(body, Encoding.UTF8);

    public List<string> Comments { get; } = [];

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<SseEvent?> NextAsync(CancellationToken cancellationToken)
    {
        string? name = null, id = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null || data.Length > 0)
                    return new SseEvent(name ?? "message", id, data.ToString());
                continue;
            }
            if (line.StartsWith(':'))
                Comments.Add(line);
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line["event: ".Length..];
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
                id = line["id: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data.Append(line["data: ".Length..]);
        }
        return null;
    }

    /// <summary>Every event until the server ends the stream.</summary>
    public async Task<List<SseEvent>> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var events = new List<SseEvent>();
        while (await NextAsync(cancellationToken) is { } next)
            events.Add(next);
        return events;
    }

    public void Dispose() => reader.Dispose();
}
