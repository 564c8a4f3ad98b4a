namespace MigrationAspire.Api.Dependencies;

/// <summary>
/// On an HTTP client: a connection that could not be made, or that closed before any answer (what the orchestrator's
/// proxy in front of a dead service does), marks <paramref name="dependency"/> as out of reach.
/// </summary>
internal sealed class UnreachableMarker(LabDependency dependency) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded)
        {
            DependencyFailures.Mark(e, dependency);
            throw;
        }
    }
}
