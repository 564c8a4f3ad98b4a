using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Lab;

/// <summary>The lab's public HTTP API, and nothing else: any lab this command line can reach works the same.</summary>
internal sealed partial class LabClient(Uri api, HttpMessageHandler? handler = null) : IDisposable
{
    /// <summary>For requests that answer at once; live streams wait as long as the experiment runs.</summary>
    internal static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient http = new(handler ?? new SocketsHttpHandler(), disposeHandler: true)
    {
        BaseAddress = api,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public Uri Api => api;

    public Uri LivePage(string id) => new(api, $"experiments/{Uri.EscapeDataString(id)}");

    public Uri Report(string id) => new(api, $"api/analytics/experiments/{Uri.EscapeDataString(id)}/report");

    public async Task<ExperimentView> SubmitAsync(string specJson, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/experiments")
        {
            Content = new StringContent(specJson, System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync<ExperimentView>(response, cancellationToken);
    }

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    public Task<ExperimentView> GetExperimentAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<ExperimentView>($"api/experiments/{Uri.EscapeDataString(id)}", cancellationToken);

    public Task<List<RunRecord>> GetRunsAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<List<RunRecord>>($"api/experiments/{Uri.EscapeDataString(id)}/runs", cancellationToken);

    public Task<RunRecord> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        GetAsync<RunRecord>($"api/runs/{Uri.EscapeDataString(runId)}", cancellationToken);

    public async Task<ExperimentView> CancelAsync(string id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/experiments/{Uri.EscapeDataString(id)}/cancel")
        {
            Content = JsonContent.Create(new { reason = "Cancelled from the command line." }),
        };
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync<ExperimentView>(response, cancellationToken);
    }

    /// <summary>Streams a file from the lab to <paramref name="file"/>, written only once the lab said yes; its size in bytes.</summary>
    public async Task<long> DownloadAsync(string path, string file, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var partial = file + ".part";
        await using (var output = File.Create(partial))
            await response.Content.CopyToAsync(output, cancellationToken);
        File.Move(partial, file, overwrite: true);
        return new FileInfo(file).Length;
    }

    /// <summary>Sends, turning "no answer" into <see cref="LabUnreachableException"/> and error statuses into <see cref="LabRefusedException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new LabUnreachableException(api, Describe(e), e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LabUnreachableException(api, $"no answer within {RequestTimeout.TotalSeconds:0} s", e);
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new LabRefusedException(ApiProblem.Read((int)response.StatusCode, response.ReasonPhrase, body));
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(LabJson.Options, cancellationToken)
        ?? throw new LabRefusedException(new ApiProblem { Status = (int)response.StatusCode, Title = $"The lab answered {response.RequestMessage?.RequestUri} with JSON null." });

    /// <summary>The socket's reason in a few words ("connection refused"), not the exception's paragraph.</summary>
    internal static string Describe(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } => "no such host",
        SocketException s => s.Message.ToLowerInvariant(),
        _ => e.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "the connection failed",
            HttpRequestError.NameResolutionError => "no such host",
            HttpRequestError.SecureConnectionError => "TLS failed",
            _ => e.Message,
        },
    };

    public void Dispose() => http.Dispose();
}
