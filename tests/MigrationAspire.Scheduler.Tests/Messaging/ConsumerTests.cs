using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Messaging;
using MigrationAspire.Scheduler.Tests.Infrastructure;

namespace MigrationAspire.Scheduler.Tests.Messaging;

/// <summary>The consumers on MassTransit's test harness, with grains that only record what they are told.</summary>
public sealed class ConsumerTests : IAsyncLifetime
{
    private readonly RecordingGrains grains = new();
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;

    public async Task InitializeAsync()
    {
        provider = new ServiceCollection()
            .AddSingleton<IGrainFactory>(grains)
            // The harness stops waiting for a message after 1.2 s of quiet by default: too short on a loaded machine.
            .Configure<TestHarnessOptions>(o => (o.TestTimeout, o.TestInactivityTimeout) = (TestTimeouts.Start, TestTimeouts.Step))
            .AddMassTransitTestHarness(TextWriter.Null, bus =>
            {
                bus.AddConsumer<ExecutorEventsConsumer>();
                bus.AddConsumer<HostHeartbeatConsumer>();
            })
            .BuildServiceProvider(validateScopes: true);
        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start().Within();
    }

    public async Task DisposeAsync() => await provider.DisposeAsync().AsTask().Within();

    private static readonly StartMigration Start = new()
    {
        RunId = "exp-0003", VmId = "exp-vm1", Host = "a", DestinationHost = "b", MigrationUri = "tcp:127.0.0.1:4444",
        Migration = new MigrationSpec(), Workload = new WorkloadSpec(),
    };

    public static TheoryData<string, object, string> Events => new()
    {
        { "exp-vm1", Scenario.Booted("exp-vm1", "a"), nameof(IVmGrain.OnBooted) },
        { "exp-vm2", new VmBootFailed { VmId = "exp-vm2", Host = "a", Reason = "no kvm" }, nameof(IVmGrain.OnBootFailed) },
        { "exp-vm3", new IncomingReady { RunId = "exp-0001", VmId = "exp-vm3", Host = "b", MigrationUri = "tcp:127.0.0.1:4444" }, nameof(IVmGrain.OnIncomingReady) },
        { "exp-vm4", new IncomingFailed { RunId = "exp-0001", VmId = "exp-vm4", Host = "b", Reason = "port in use" }, nameof(IVmGrain.OnIncomingFailed) },
        { "exp-vm1", Scenario.Completed(Start), nameof(IVmGrain.OnMigrationCompleted) },
        { "exp-vm1", Scenario.Failed(Start, GuestLocation.Source), nameof(IVmGrain.OnMigrationFailed) },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public async Task Each_executor_event_reaches_the_grain_of_the_vm_it_is_about(string vmId, object message, string method)
    {
        await harness.Bus.Publish(message).Within();

        Assert.True(await harness.Consumed.Any(m => m.MessageType == message.GetType()).Within(), $"{message.GetType().Name} was not consumed");
        var call = Assert.Single(grains.Calls);
        Assert.Equal((nameof(IVmGrain), vmId, method), (call.Grain, call.Key, call.Method));
        Assert.Equivalent(message, call.Argument, strict: true);
    }

    [Fact]
    public async Task A_heartbeat_reaches_the_grain_of_the_host_that_sent_it()
    {
        var heartbeat = Heartbeats.For("host-7", vms: ["exp-vm1"], memoryUsedMiB: 256);

        await harness.Bus.Publish(heartbeat).Within();

        Assert.True(await harness.Consumed.Any<HostHeartbeat>().Within(), "the heartbeat was not consumed");
        var call = Assert.Single(grains.Calls);
        Assert.Equal((nameof(IHostGrain), "host-7", nameof(IHostGrain.Heartbeat)), (call.Grain, call.Key, call.Method));
        Assert.Equivalent(heartbeat, call.Argument, strict: true);
    }

    [Fact]
    public async Task An_event_the_grain_could_not_take_faults_instead_of_being_acknowledged()
    {
        grains.Failure = new InvalidOperationException("grain storage unavailable");
        var booted = Scenario.Booted("exp-vm9", "a");

        await harness.Bus.Publish(booted).Within();

        Assert.True(await harness.Published.Any<Fault<VmBooted>>().Within(), "no fault was published for the failed delivery");
        Assert.Contains(grains.Calls, c => c.Key == "exp-vm9" && c.Method == nameof(IVmGrain.OnBooted));
    }
}
