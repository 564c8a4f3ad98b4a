using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace MigrationAspire.Cli.Lab;

internal sealed partial class LabClient
{
    /// <summary>A stream broken this many times in a row, with no event in between, means the lab is gone.</summary>
    private const int MaxReconnects = 10;
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The server-sent events of <paramref name="path"/> until its <c>end</c> event. A broken stream is opened
    /// again with the last event id (as a browser's EventSource does), so a lab restart loses no sample.
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> FollowAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? lastEventId = null;
        var failures = 0;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            if (lastEventId is not null)
                request.Headers.Add("Last-Event-ID", lastEventId);

            HttpResponseMessage? response = null;
            IAsyncEnumerator<SseItem<string>>? events = null;
            try
            {
                try
                {
                    response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                    events = SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                }
                catch (LabUnreachableException) when (++failures <= MaxReconnects)
                {
                    await Task.Delay(ReconnectDelay, cancellationToken);
                    continue;
                }

                while (await NextAsync(events, cancellationToken) is { } item)
                {
                    failures = 0;
                    if (item.EventId is { Length: > 0 } id)
                        lastEventId = id;
                    yield return item;
                    if (item.EventType == "end")
                        yield break;
                }
            }
            finally
            {
                if (events is not null)
                    await events.DisposeAsync();
                response?.Dispose();
            }
            // The stream closed before its end event: the lab restarted or a proxy hung up.
            if (++failures > MaxReconnects)
                throw new LabUnreachableException(api, $"the live stream {path} kept breaking off");
            await Task.Delay(ReconnectDelay, cancellationToken);
        }
    }

    /// <summary>The next event, or null when the stream ended or broke (the caller reconnects).</summary>
    private static async Task<SseItem<string>?> NextAsync(IAsyncEnumerator<SseItem<string>> events, CancellationToken cancellationToken)
    {
        try
        {
            return await events.MoveNextAsync() ? events.Current : null;
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
