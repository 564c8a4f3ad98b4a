using System.Diagnostics;

namespace MigrationAspire.AppHost;

/// <summary>Says, once, when every resource of the lab is healthy, how long that took and where to go.</summary>
internal sealed class LabReadyReporter(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    IConfiguration configuration,
    ILogger<LabReadyReporter> logger) : BackgroundService
{
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var resources = model.Resources.Where(LabResources.IsLabProcess).ToList();
        try
        {
            await Task.WhenAll(resources.Select(r => notifications.WaitForResourceHealthyAsync(r.Name, stoppingToken)));
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var api = model.Resources.OfType<ProjectResource>().Single(r => r.Name == "api");
        var apiUrl = api.GetEndpoint("http").Url;
        var dashboard = model.Resources.Any(r => r.Name == LabResources.DashboardResourceName)
            ? configuration["ASPNETCORE_URLS"]?.Split(';')[0] ?? "(address unknown)"
            : "(dashboard disabled)";
        logger.LogInformation(
            "MigrationAspire lab is up: all {Count} resources healthy after {Seconds:F1} s. API {Api} (reference at {Api}/scalar) · dashboard {Dashboard}",
            resources.Count, _sinceStart.Elapsed.TotalSeconds, apiUrl, apiUrl, dashboard);
    }
}
