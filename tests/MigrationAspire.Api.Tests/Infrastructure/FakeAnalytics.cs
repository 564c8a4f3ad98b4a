using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MigrationAspire.Api.Tests.Infrastructure;

/// <summary>A request the fake analytics service received.</summary>
public sealed record AnalyticsRequest(string Method, string Path, string Query, string Body, string? Accept, string? ForwardedHost);

/// <summary>
/// A tiny analytics service on a real loopback port. It answers <c>/api/analytics/…</c> with what it was asked
/// (method, path, query, body), with the status given as <c>?status=</c> and a header of its own.
/// </summary>
public sealed class FakeAnalytics : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeAnalytics(WebApplication app, Uri address, ConcurrentQueue<AnalyticsRequest> requests)
    {
        this.app = app;
        Address = address;
        Requests = requests;
    }

    public Uri Address { get; }
    public ConcurrentQueue<AnalyticsRequest> Requests { get; }

    public static async Task<FakeAnalytics> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var requests = new ConcurrentQueue<AnalyticsRequest>();
        app.MapMethods("/api/analytics/{**rest}", ["GET", "HEAD", "POST"], (HttpContext context) => AnswerAsync(context, requests));
        await app.StartAsync().WaitAsync(TestTimeouts.Start);
        var address = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new FakeAnalytics(app, address, requests);
    }

    private static async Task AnswerAsync(HttpContext context, ConcurrentQueue<AnalyticsRequest> requests)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted);
        var seen = new AnalyticsRequest(request.Method, request.Path.Value!, request.QueryString.Value ?? "", body,
            request.Headers.Accept, request.Headers["X-Forwarded-Host"]);
        requests.Enqueue(seen);

        context.Response.StatusCode = int.TryParse(request.Query["status"], out var status) ? status : 200;
        context.Response.Headers["X-Analytics"] = "fake";
        context.Response.Headers.ContentLanguage = "en";
        await context.Response.WriteAsJsonAsync(seen, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().WaitAsync(TestTimeouts.Start);
        await app.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Start);
    }
}
