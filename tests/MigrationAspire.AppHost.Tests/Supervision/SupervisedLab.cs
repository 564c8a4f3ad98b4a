using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MigrationAspire.AppHost.Supervision;

namespace MigrationAspire.AppHost.Tests.Supervision;

/// <summary>
/// A small app under the real orchestrator (DCP) with the lab's supervision: one <c>sleep</c> process per test, so a
/// test can kill its own process or stop it as the dashboard does, and watch what the supervisor makes of it.
/// </summary>
public sealed class SupervisedLab : IAsyncLifetime
{
    public const int MaxRestarts = 2;
    public static readonly string[] Sleepers = ["crasher", "stopped", "doomed"];

    public DistributedApplication App { get; private set; } = null!;
    public ResourceNotificationService Notifications => App.Services.GetRequiredService<ResourceNotificationService>();
    public ResourceCommandService Commands => App.Services.GetRequiredService<ResourceCommandService>();

    public async Task InitializeAsync()
    {
        // The dashboard stays off, but the orchestrator's options insist on knowing where it is: where the app host's build found it.
        var dashboard = typeof(SupervisionExtensions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "aspiredashboardpath").Value;
        var builder = DistributedApplicationTestingBuilder.Create(
            [
                $"DcpPublisher:DashboardPath={dashboard}",
                $"{SupervisionOptions.Section}:FirstDelay=00:00:00.200",
                $"{SupervisionOptions.Section}:MaxRestarts={MaxRestarts}",
            ],
            (options, _) => options.DisableDashboard = true);
        builder.Services.AddLogging(logging => logging.AddFilter("Aspire.Hosting", LogLevel.Warning).AddFilter("MigrationAspire.AppHost.Supervision", LogLevel.Debug));
        builder.AddResourceSupervision();
        foreach (var name in Sleepers)
            builder.AddExecutable(name, "sleep", Path.GetTempPath(), "600");
        App = await builder.BuildAsync();
        await App.StartAsync().WaitAsync(TestTimeouts.Start);
        foreach (var name in Sleepers)
            await RunningAsync(name);
    }

    /// <summary>The pid of <paramref name="name"/>'s process once it runs, other than <paramref name="not"/>.</summary>
    public async Task<int> RunningAsync(string name, int? not = null)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Start);
        var running = await Notifications.WaitForResourceAsync(name,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) is { } pid && pid != not, timeout.Token);
        return Pid(running)!.Value;
    }

    public static int? Pid(ResourceEvent e) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value ? Convert.ToInt32(value) : null;

    public async Task DisposeAsync()
    {
        if (App is null)
            return;
        await App.StopAsync().WaitAsync(TestTimeouts.Start);
        await App.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Start);
    }
}
