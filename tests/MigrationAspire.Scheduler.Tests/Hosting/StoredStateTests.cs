using Microsoft.Extensions.DependencyInjection;
using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Experiments;
using MigrationAspire.Scheduler.Hosting;
using MigrationAspire.Scheduler.Hosts;
using MigrationAspire.Scheduler.Placement;
using MigrationAspire.Scheduler.Tests.Infrastructure;
using MigrationAspire.Scheduler.Vms;
using Orleans.Storage;

namespace MigrationAspire.Scheduler.Tests.Hosting;

/// <summary>
/// State stored by an earlier scheduler (StoredByMain/README.md) loads with today's types, read through the
/// same serializer as from Redis, and the grains carry on from it: the VM completes its migration, the
/// experiment publishes what waited in its outbox and dispatches its last run.
/// </summary>
public sealed class StoredStateTests(SchedulerCluster cluster) : IClassFixture<SchedulerCluster>
{
    private const string ExperimentId = "e1x0";
    private const string VmId = "e1x0-vm0";
    private const string SourceHost = "h1-b";
    private const string DestinationHost = "h1-a";

    [Fact]
    public async Task A_vm_stored_mid_migration_completes_and_its_experiment_carries_on()
    {
        await LoadAsync<VmGrainState>("vm", VmId, "vm", "vm-mid-migration.json");
        await LoadAsync<ExperimentState>("experiment", ExperimentId, "experiment", "experiment-mid-run.json");
        await LoadAsync<HostGrainState>("host", SourceHost, "host", "host.json");
        await LoadAsync<PlacementState>("placement", IPlacementGrain.Key, "placement", "placement.json");
        await LoadAsync<HostRegistryState>("hostregistry", IHostRegistryGrain.Key, "hosts", "host-registry.json");
        await LoadAsync<ExperimentIndexState>("experimentindex", IExperimentIndexGrain.Key, "experiments", "experiment-index.json");
        var grains = cluster.Grains;

        // The VM: its lifecycle, stored twice before, is one place now, with the origin its history implied.
        var vm = (await grains.GetGrain<IVmGrain>(VmId).Get().Within())!;
        Assert.Equal((VmLifecycle.Migrating, SourceHost, DestinationHost, "e1x0-0002"), (vm.State, vm.Host, vm.DestinationHost, vm.RunId));
        Assert.Equal([VmEvent.Booted, VmEvent.Migrated, VmEvent.MigrationFailed], vm.History.Select(h => h.Event));

        // The experiment: its runs, their steps and failed steps read in today's vocabulary.
        var experiment = grains.GetGrain<IExperimentGrain>(ExperimentId);
        var runs = await experiment.GetRuns().Within();
        Assert.Equal([RunStatus.Completed, RunStatus.Failed, RunStatus.Running, RunStatus.Pending], runs.Select(r => r.Status));
        Assert.Equal((RunStep?)RunStep.Migrate, runs[1].FailedStep);
        Assert.Equal((RunStep?)RunStep.Migrate, runs[2].Step);
        Assert.Equal((4L, 2), (runs[0].Result!.Passes, runs[0].Result!.PassHistory.Count));
        Assert.Equal(30, runs[0].Plan.Migration.MaxPasses);
        // Creating it again with its own spec is still the same experiment (the spec is compared in today's words).
        var view = await experiment.Create((await experiment.Get().Within())!.Spec).Within();
        Assert.Equal(ExperimentStatus.Running, view.Status);

        // The host: the heartbeat it stored now carries a report.
        var host = (await grains.GetGrain<IHostGrain>(SourceHost).Get().Within())!;
        Assert.Equal((SourceHost, 256, VmState.Running, true), (host.Report.Host, host.Report.MemoryUsedMiB, host.Report.Vms.Single().State, host.Alive));
        await grains.GetGrain<IHostGrain>(DestinationHost).Heartbeat(Heartbeats.For(DestinationHost)).Within();

        // The migration completes: the VM is on the destination and the experiment hears of it.
        var start = new StartMigration
        {
            RunId = "e1x0-0002", VmId = VmId, Host = SourceHost, DestinationHost = DestinationHost, MigrationUri = "tcp:127.0.0.1:49161",
            Migration = runs[2].Plan.Migration, Workload = runs[2].Plan.Workload,
        };
        await grains.GetGrain<IVmGrain>(VmId).OnMigrationCompleted(Scenario.Completed(start)).Within();

        var finished = await cluster.Bus.WaitForPublishedAsync<RunFinished>(f => f.Run.Plan.RunId == "e1x0-0002", "for the migrated run");
        Assert.Equal((RunStatus.Completed, SourceHost, DestinationHost), (finished.Run.Status, finished.Run.SourceHost, finished.Run.DestinationHost));
        // What waited in the outbox in the former shape is published in today's.
        var waited = await cluster.Bus.WaitForPublishedAsync<RunFinished>(f => f.Run.Plan.RunId == "e1x0-0000", "from the stored outbox");
        Assert.Equal((RunStatus.Completed, 4L), (waited.Run.Status, waited.Run.Result!.Passes));

        // The last run takes the guest back where it came from: ping-pong survived the upgrade.
        var prepare = await cluster.Bus.WaitForSentAsync<PrepareIncoming>(p => p.RunId == "e1x0-0003", "for the last run");
        Assert.Equal((SourceHost, DestinationHost), (prepare.Message.Host, prepare.Message.SourceHost));
        var counts = (await experiment.Get().Within())!.Runs;
        Assert.Equal((2, 1, 1), (counts.Completed, counts.Failed, counts.Running));
    }

    /// <summary>Reads a fixture as Redis storage would (the scheduler's serializer), and stores it for the grain.</summary>
    private async Task LoadAsync<T>(string grainType, string key, string stateName, string file)
    {
        var provider = cluster.Cluster.GetSiloServiceProvider();
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Hosting", "StoredByMain", file));
        var loaded = GrainStateJson.Serializer(provider).Deserialize<T>(BinaryData.FromString(json));
        Assert.NotNull(loaded);
        var storage = provider.GetRequiredKeyedService<IGrainStorage>(GrainStateJson.StorageName);
        await storage.WriteStateAsync(stateName, GrainId.Create(grainType, key), new GrainState<T>(loaded)).Within();
    }
}
