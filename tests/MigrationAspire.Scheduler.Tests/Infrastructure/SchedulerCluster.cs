using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Hosting;
using MigrationAspire.Scheduler.Hosts;
using MigrationAspire.Scheduler.Messaging;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MigrationAspire.Scheduler.Tests.Infrastructure;

/// <summary>
/// One in-process silo hosting the scheduler's grains as production wires them (JSON grain state, the
/// reload-on-failure filter, in-memory reminders), shared by the tests of a class. Time is a
/// <see cref="FakeTimeProvider"/>: the grains read it, and Orleans drives grain timers (deadlines, host liveness,
/// placement retries) from it, so a test moves time with <see cref="AdvanceAsync"/>; Orleans' own background loops
/// and reminders stay on real time. The bus is MassTransit's in-memory test harness: every command a grain sends
/// and every event it publishes is recorded.
/// </summary>
public class SchedulerCluster : IAsyncLifetime
{
    private readonly List<string> hosts = [];
    private InProcessTestCluster? cluster;

    /// <summary>Whether the silo hears the bus: a test makes it deaf, as a RabbitMQ outage would.</summary>
    public BusListening Listening { get; }

    public SchedulerCluster()
    {
        Listening = new BusListening(Clock);
        Listening.Hearing(new Uri("loopback://localhost/test-harness"));
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster => cluster ?? throw new InvalidOperationException("the cluster is not started");

    public IGrainFactory Grains => Cluster.Client;

    public BusLog Bus { get; private set; } = null!;

    /// <summary>Grain calls a test makes the silo lose, as a dropped message would.</summary>
    public LostCalls Lost { get; } = new();

    public SchedulerOptions Options { get; } = new()
    {
        HostDownAfter = TimeSpan.FromSeconds(600),
        BootTimeout = TimeSpan.FromSeconds(10),
        PrepareTimeout = TimeSpan.FromSeconds(10),
        MigrationGrace = TimeSpan.FromSeconds(10),
        PlacementTimeout = TimeSpan.FromSeconds(60),
        PlacementRetry = TimeSpan.FromSeconds(1),
        HostWaitTimeout = TimeSpan.FromSeconds(20),
        MaxMigrationsPerHostPair = 1,
        // The tests of a class share one silo, and an experiment a test leaves unfinished (its Scenario cancels it,
        // but a cancelled run ends only when its VM hears back) would hold the lab's only slot for the next test.
        // AdmissionTests set their own limit.
        MaxConcurrentExperiments = 64,
        ReconcileDelay = TimeSpan.Zero,
    };

    public ExperimentLimits Limits { get; } = new() { MaxRunsPerExperiment = 100 };

    /// <summary>Lets a fixture of one test class change deadlines and limits before the silo starts.</summary>
    protected virtual void Configure(SchedulerOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        Configure(Options);
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            var services = host.Services;
            services.AddOptions<SchedulerOptions>()
                .Configure(o => Copy(Options, o))
                .ValidateDataAnnotations()
                .ValidateOnStart();
            services.AddOptions<ExperimentLimits>()
                .Configure(o => o.MaxRunsPerExperiment = Limits.MaxRunsPerExperiment)
                .ValidateDataAnnotations()
                .ValidateOnStart();
            services.AddSingleton<TimeProvider>(Clock);
            // The scheduler hears the bus from the start (the harness's endpoints are not RabbitMQ's); a test may say otherwise.
            services.AddSingleton(Listening);
            services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            services.AddGrainStateAsJson();
            services.AddMassTransitTestHarness(bus =>
            {
                bus.AddConsumer<ExecutorEventsConsumer>();
                bus.AddConsumer<HostHeartbeatConsumer>();
            });
        });
        builder.ConfigureSilo((_, silo) =>
        {
            // As in production (GrainStateJson): state goes through System.Text.Json, so a deactivated grain
            // comes back from what JSON kept of it.
            silo.AddMemoryGrainStorage(GrainStateJson.StorageName, options => options.Configure<IServiceProvider>((o, provider) =>
                o.GrainStorageSerializer = GrainStateJson.Serializer(provider)));
            silo.UseInMemoryReminderService();
            silo.AddIncomingGrainCallFilter<ReloadStateOnFailure>();
            silo.AddIncomingGrainCallFilter(Lost.Invoke);
        });
        cluster = builder.Build();
        await cluster.DeployAsync().WaitAsync(TestTimeouts.Start);
        Bus = new BusLog(cluster.GetSiloServiceProvider().GetRequiredService<ITestHarness>());
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            // The client first: disposing the cluster stops the silo while its client is still connected.
            await cluster.StopAllSilosAsync().WaitAsync(TestTimeouts.Start);
            await cluster.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Start);
        }
    }

    /// <summary>
    /// Starts a test's slice of the cluster. Placement sees every host that ever sent a heartbeat, so the hosts of
    /// earlier tests are made unusable first (they report an accelerator still being probed).
    /// </summary>
    public async Task<Scenario> StartScenarioAsync()
    {
        string[] earlier;
        lock (hosts)
            earlier = [.. hosts];
        foreach (var host in earlier)
            await Grains.GetGrain<IHostGrain>(host).Heartbeat(Heartbeats.For(host, accelerator: "unknown")).Within();
        return new Scenario(this);
    }

    internal void Remember(string host)
    {
        lock (hosts)
        {
            if (!hosts.Contains(host))
                hosts.Add(host);
        }
    }

    /// <summary>Moves the fake clock; due grain timers are queued on their grains, which run them shortly after.</summary>
    public Task AdvanceAsync(TimeSpan by) => Task.Run(() => Clock.Advance(by)).Within();

    private static void Copy(SchedulerOptions from, SchedulerOptions to)
    {
        to.HostDownAfter = from.HostDownAfter;
        to.BootTimeout = from.BootTimeout;
        to.PrepareTimeout = from.PrepareTimeout;
        to.MigrationGrace = from.MigrationGrace;
        to.PlacementTimeout = from.PlacementTimeout;
        to.PlacementRetry = from.PlacementRetry;
        to.HostWaitTimeout = from.HostWaitTimeout;
        to.MaxMigrationsPerHostPair = from.MaxMigrationsPerHostPair;
        to.BusSendTimeout = from.BusSendTimeout;
        to.MaxConcurrentExperiments = from.MaxConcurrentExperiments;
        to.ReconcileDelay = from.ReconcileDelay;
    }
}
