using System.Net.Http.Headers;
using System.Text.Json;
using MigrationAspire.Contracts;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>
/// Follows a run's server-sent events as a browser's <c>EventSource</c> does: when the stream breaks (or the API
/// refuses while it is down) it connects again, sending the id of the last sample it saw as <c>Last-Event-ID</c>.
/// </summary>
public sealed class SseFollower(HttpClient api, string path, ITestOutputHelper output)
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);
    private readonly List<string> samples = [];

    /// <summary>The ids of the samples received, in order.</summary>
    public IReadOnlyList<string> Samples { get { lock (samples) return samples.ToList(); } }

    public int Reconnects { get; private set; }
    public RunStatus? LastStatus { get; private set; }
    public RunStatus? EndStatus { get; private set; }

    /// <summary>Reads until the <c>end</c> event, reconnecting for as long as <paramref name="timeout"/> allows.</summary>
    public async Task RunAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (lastEventId is not null)
                    request.Headers.Add("Last-Event-ID", lastEventId);
                using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    if (attempt > 0)
                        Reconnects++;
                    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
                    await ReadAsync(reader, deadline.Token);
                    if (EndStatus is not null)
                        return;
                }
                else
                {
                    output.WriteLine($"follower: {(int)response.StatusCode} while reconnecting");
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !deadline.IsCancellationRequested)
            {
                output.WriteLine($"follower: {e.GetType().Name}: {e.Message}");
            }
            await Task.Delay(Retry, deadline.Token);
        }
    }

    // The id of the last event that had one: what a reconnect sends, however the stream broke.
    private string? lastEventId;

    private async Task ReadAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? name = null, id = null, data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null && data is not null)
                    Dispatch(name, id, data);
                if (id is not null)
                    lastEventId = id;
                if (name == "end")
                    return;
                name = id = data = null;
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
        }
    }

    private void Dispatch(string name, string? id, string data)
    {
        switch (name)
        {
            case "sample":
                lock (samples) samples.Add(id ?? throw new InvalidDataException("a sample event without an id"));
                break;
            case "status":
                LastStatus = JsonSerializer.Deserialize<RunRecord>(data, SpecJson.Options)!.Status;
                break;
            case "end":
                EndStatus = JsonSerializer.Deserialize<StreamEndView>(data, SpecJson.Options)!.Status;
                break;
        }
    }

    private sealed record StreamEndView(RunStatus Status);
}
