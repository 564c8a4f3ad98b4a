using System.Net;

namespace MigrationAspire.Cli.Tests.Lab;

/// <summary>Answers each request with the next scripted response, and keeps the requests for the test to read.</summary>
internal sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) : HttpMessageHandler
{
    private int next;

    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        if (next >= answers.Length)
            throw new HttpRequestException("no answer scripted", null, HttpStatusCode.ServiceUnavailable);
        var response = answers[next++](request);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }

    public static HttpResponseMessage Events(string text) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(text, System.Text.Encoding.UTF8, "text/event-stream"),
    };

    public static HttpResponseMessage Json(HttpStatusCode status, string json) => new(status)
    {
        Content = new StringContent(json, System.Text.Encoding.UTF8, status >= HttpStatusCode.BadRequest ? "application/problem+json" : "application/json"),
    };
}
