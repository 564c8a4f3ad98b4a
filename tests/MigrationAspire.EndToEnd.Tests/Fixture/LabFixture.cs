using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MigrationAspire.Contracts;

namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>
/// The whole lab, started once for every end-to-end test by the project's own app host: real Redis, real
/// RabbitMQ, real executors driving real QEMU under TCG. Its state lives in a temporary lab directory and
/// every port is chosen by the OS, so a running lab on this machine is never disturbed.
/// </summary>
public sealed class LabFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    public string LabDirectory { get; } = Path.Combine(Path.GetTempPath(), $"ma-e2e-{Guid.NewGuid():n}"[..15]);
    public DistributedApplication App { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    public string RabbitMq { get; private set; } = "";
    public string Redis { get; private set; } = "";
    public LabBus Bus { get; private set; } = null!;
    public TimeSpan StartupTime { get; private set; }

    /// <summary>The test lab's own dashboard: a login address carrying its browser token.</summary>
    public Uri DashboardLogin { get; private set; } = null!;

    /// <summary>When tests broke the lab on purpose: the errors logged meanwhile are theirs.</summary>
    public DeliberateFaults Faults { get; } = new();

    /// <summary>Every resource's log, kept after the lab directory is gone.</summary>
    public ResourceLogs Logs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        ResourceLogs.RemoveOlderThan(TimeSpan.FromHours(12));
        Directory.CreateDirectory(LabDirectory);
        // The test lab has a dashboard of its own on loopback ports the OS picks, with fresh credentials: its resources'
        // telemetry goes there (without one they would export to the default localhost:18889, a running lab's dashboard),
        // and DashboardMetricsTests reads the migration instruments on its Metrics page.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MigrationAspire_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
        [
            $"Lab:Directory={LabDirectory}",
            "Lab:ApiPort=0",
            "Lab:Accelerator=tcg",
            "Lab:HostMemoryMiB=3072",
            // Room beside the shared guests (TestVm): they stay booted all suite long, and which host holds them depends
            // on the order the test classes run in; at the default 4 one order left host a full, so every experiment
            // that needed a while another host was frozen failed with "no live host has room".
            "Lab:HostMaxVms=8",
            // A third host, so an experiment can go on when one host stops answering.
            "Lab:Hosts=a,b,c",
            // Executors accept DamageGuest, so a test can see the integrity check fire.
            "Lab:TestCommands=true",
        ]);
        // Resource logs go to files (Logs); the test output keeps only what the tests say.
        builder.Services.AddLogging(logging => logging
            .AddFilter("MigrationAspire.AppHost.Resources", LogLevel.None)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("System.Net.Http", LogLevel.Warning)
            .AddFilter("Aspire.Hosting", LogLevel.Warning));
        App = await builder.BuildAsync();
        Logs = new ResourceLogs(App, LabDirectory + "-logs");
        Logs.Start();
        using var start = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(start.Token);
        var notifications = App.Services.GetRequiredService<ResourceNotificationService>();
        foreach (var resource in ResourceNames)
            await notifications.WaitForResourceHealthyAsync(resource, start.Token);
        StartupTime = clock.Elapsed;
        DashboardLogin = await App.GetDashboardUrlAsync(start.Token);

        Api = App.CreateHttpClient("api", "http");
        Api.Timeout = TimeSpan.FromMinutes(2);
        RabbitMq = await App.GetConnectionStringAsync("messaging", start.Token) ?? throw new InvalidOperationException("no RabbitMQ connection string");
        Redis = await App.GetConnectionStringAsync("redis", start.Token) ?? throw new InvalidOperationException("no Redis connection string");
        Bus = await LabBus.StartAsync(RabbitMq, start.Token);
    }

    private readonly Dictionary<string, TestVm> vms = [];

    /// <summary>A guest shared by the tests that ask for it by name, booted on first use.</summary>
    public TestVm Vm(string name, VmSpec vm, WorkloadSpec workload)
    {
        lock (vms)
        {
            if (!vms.TryGetValue(name, out var testVm))
                vms[name] = testVm = new TestVm(Bus, $"{name}-{Guid.NewGuid():n}"[..(name.Length + 7)], vm, workload);
            return testVm;
        }
    }

    public static readonly string[] ResourceNames =
        ["redis", "messaging", "scheduler", "executor-a", "executor-b", "executor-c", "analytics", "api"];

    public async Task DisposeAsync()
    {
        if (Bus is not null) await Bus.DisposeAsync();
        Api?.Dispose();
        if (App is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await App.StopAsync(stop.Token);
            await App.DisposeAsync();
        }
        if (Logs is not null) await Logs.DisposeAsync();
        LabProcesses.KillAll(LabDirectory);
        LabNetworkLeftovers.AssertNone(LabDirectory);
        try { Directory.Delete(LabDirectory, recursive: true); }
        catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<LabFixture>
{
    public const string Name = "lab";
}
