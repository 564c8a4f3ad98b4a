using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using static MigrationAspire.Scheduler.Tests.Infrastructure.Scenario;

namespace MigrationAspire.Scheduler.Tests.Messaging;

/// <summary>The consumers inside the silo: what executors publish on the bus drives the real grains.</summary>
public sealed class BusToGrainTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    [Fact]
    public async Task Heartbeats_and_executor_events_published_on_the_bus_carry_a_run_to_completion()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var bus = cluster.Bus.Harness.Bus;
        var (a, b) = (lab.HostName("a"), lab.HostName("b"));
        await bus.Publish(Heartbeats.For(a)).Within();
        await bus.Publish(Heartbeats.For(b)).Within();
        await TestTimeouts.Eventually(async () => await lab.Host(a).Get() is not null && await lab.Host(b).Get() is not null, "both hosts registered");
        var experiment = await lab.CreateAsync(Specs.Simple());
        var vm = VmId(experiment);

        var boot = (await lab.WaitForBootAsync(vm)).Message;
        await bus.Publish(Booted(vm, boot.Host)).Within();
        var prepare = (await lab.WaitForPrepareAsync(RunId(experiment, 0))).Message;
        await bus.Publish(Ready(prepare)).Within();
        var start = (await lab.Bus.WaitForSentAsync<StartMigration>(s => s.VmId == vm, "after IncomingReady")).Message;
        await bus.Publish(Completed(start)).Within();

        var done = await lab.WaitForExperimentAsync(experiment, e => e.Status == ExperimentStatus.Completed, "completed");
        Assert.Equal(new RunCounts { Completed = 1 }, done.Runs);
        Assert.Equal(new[] { a, b }.Order(), new[] { start.Host, start.DestinationHost }.Order());
    }
}
