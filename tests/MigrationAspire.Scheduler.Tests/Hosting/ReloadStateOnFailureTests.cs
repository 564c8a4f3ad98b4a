using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Tests.Infrastructure;

namespace MigrationAspire.Scheduler.Tests.Hosting;

/// <summary>A grain call that fails deactivates the grain so the next call reloads its stored state.</summary>
public sealed class ReloadStateOnFailureTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    [Fact]
    public async Task Calls_queued_behind_a_failed_call_are_served_from_the_stored_state_not_failed_with_its_exception()
    {
        await using var lab = await cluster.StartScenarioAsync();
        var experiment = await lab.CreateAsync(Specs.Simple(repetitions: 2));
        var grain = lab.Experiment(experiment);

        // Some calls must arrive while the failed one is being processed: a few rounds make that certain.
        for (var round = 0; round < 20; round++)
        {
            var refused = grain.Create(Specs.Simple(repetitions: 3)).AsTask();
            var queued = Enumerable.Range(0, 20).Select(_ => grain.Get().AsTask()).ToList();

            await Assert.ThrowsAsync<ArgumentException>(() => refused.Within());
            var views = await Task.WhenAll(queued).Within();
            Assert.All(views, v => Assert.Equal(2, v!.Spec.Repetitions));
        }
    }
}
