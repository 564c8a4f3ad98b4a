namespace MigrationAspire.Api.Analytics;

/// <summary>Headers that describe one hop's connection, not the message: never forwarded (RFC 9110 §7.6.1).</summary>
internal static class HopByHop
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    public static bool Contains(string name) => Names.Contains(name);
}

/// <summary>The analytics request for an incoming one: same method, path, query, headers and body.</summary>
internal static class ForwardedRequest
{
    public static HttpRequestMessage From(HttpRequest incoming)
    {
        var target = incoming.Path.ToUriComponent() + incoming.QueryString.ToUriComponent();
        var message = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(target, UriKind.Relative));
        if (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0)
            message.Content = new StreamContent(incoming.Body);

        foreach (var (name, values) in incoming.Headers)
        {
            if (HopByHop.Contains(name))
                continue;
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        // So analytics can build links users can follow (plots, next pages) through the API's address.
        message.Headers.TryAddWithoutValidation("X-Forwarded-Host", incoming.Host.Value);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Proto", incoming.Scheme);
        return message;
    }
}

/// <summary>Analytics' answer, passed on as it came: status, headers and a streamed body.</summary>
internal sealed class ForwardedResponse(HttpResponseMessage response) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using (response)
        {
            var outgoing = httpContext.Response;
            outgoing.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                    outgoing.Headers[name] = values.ToArray();
            }
            await using var body = await response.Content.ReadAsStreamAsync(httpContext.RequestAborted);
            await body.CopyToAsync(outgoing.Body, httpContext.RequestAborted);
        }
    }
}
