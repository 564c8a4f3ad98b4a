using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Live;

/// <summary>
/// A <c>text/event-stream</c> response written by a producer. Written by hand rather than with
/// <c>TypedResults.ServerSentEvents</c> because that cannot send comment lines, which keep idle streams open.
/// </summary>
public sealed class ServerSentEventsStream(Func<ServerSentEventWriter, CancellationToken, Task> produce)
    : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var writer = new ServerSentEventWriter(httpContext.Response, TimeProvider.System);
        await writer.StartAsync(httpContext.RequestAborted);
        try
        {
            await produce(writer, httpContext.RequestAborted);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nothing left to say to it.
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/event-stream"]));
}

/// <summary>Writes events (<c>event:</c>, <c>id:</c>, one-line JSON <c>data:</c>) and heartbeat comments, flushing each.</summary>
public sealed class ServerSentEventWriter(HttpResponse response, TimeProvider time)
{
    private long lastWrite = time.GetTimestamp();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies (nginx) buffer responses unless told not to; a buffered event stream is no stream.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
    }

    public Task EventAsync<T>(string name, T data, string? id, CancellationToken cancellationToken)
    {
        var text = new StringBuilder().Append("event: ").Append(name).Append('\n');
        if (id is not null)
            text.Append("id: ").Append(id).Append('\n');
        text.Append("data: ").Append(JsonSerializer.Serialize(data, SpecJson.Options)).Append("\n\n");
        return WriteAsync(text.ToString(), cancellationToken);
    }

    /// <summary>A comment line when nothing was written for <paramref name="interval"/>.</summary>
    public Task HeartbeatIfIdleAsync(TimeSpan interval, CancellationToken cancellationToken) =>
        time.GetElapsedTime(lastWrite) >= interval ? WriteAsync(": heartbeat\n\n", cancellationToken) : Task.CompletedTask;

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
        lastWrite = time.GetTimestamp();
    }
}
