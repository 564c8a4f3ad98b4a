using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Admission;

namespace MigrationAspire.Scheduler.Tests.Infrastructure;

/// <summary>
/// One test's slice of a shared cluster: its own hosts, experiments and VMs (named after a number no other test
/// uses), and the executor's side of the protocol. Disposing it cancels its experiments, so none of them starts a
/// run on a later test's hosts.
/// </summary>
public sealed class Scenario(SchedulerCluster cluster) : IAsyncDisposable
{
    private static int lastNumber;
    private readonly int number = Interlocked.Increment(ref lastNumber);
    private readonly List<string> experiments = [];

    public BusLog Bus => cluster.Bus;

    public IGrainFactory Grains => cluster.Grains;

    public static string RunId(string experimentId, int index) => RunPlan.MakeRunId(experimentId, index);

    public static string VmId(string experimentId, int slot = 0) => $"{experimentId}-vm{slot}";

    public IExperimentGrain Experiment(string id) => Grains.GetGrain<IExperimentGrain>(id);

    public IVmGrain Vm(string id) => Grains.GetGrain<IVmGrain>(id);

    public IHostGrain Host(string name) => Grains.GetGrain<IHostGrain>(name);

    /// <summary>The lab-wide admission queue, which every test's experiments share.</summary>
    public IAdmissionGrain Admission => Grains.GetGrain<IAdmissionGrain>(IAdmissionGrain.Key);

    /// <summary>The name of a host of this test (which later tests make unusable).</summary>
    public string HostName(string suffix)
    {
        var host = $"h{number}-{suffix}";
        cluster.Remember(host);
        return host;
    }

    /// <summary>A host of this test, registered by a first heartbeat.</summary>
    public async Task<string> HostAsync(string suffix, string accelerator = "tcg", int memoryBudgetMiB = 4096, int maxVms = 4)
    {
        var host = HostName(suffix);
        await HeartbeatAsync(Heartbeats.For(host, accelerator, memoryBudgetMiB: memoryBudgetMiB, maxVms: maxVms));
        return host;
    }

    public async Task<(string A, string B)> TwoHostsAsync() => (await HostAsync("a"), await HostAsync("b"));

    /// <summary>Two hosts of this test and an experiment on them (it starts dispatching at once), with its first VM.</summary>
    public async Task<(string Experiment, string Vm)> ExperimentOnTwoHostsAsync(ExperimentSpec spec)
    {
        await TwoHostsAsync();
        var experiment = await CreateAsync(spec);
        return (experiment, VmId(experiment));
    }

    public Task HeartbeatAsync(HostHeartbeat heartbeat) => Host(heartbeat.Report.Host).Heartbeat(heartbeat).Within();

    /// <summary>The id <see cref="CreateAsync"/> gives the next experiment.</summary>
    public string NextExperimentId => $"e{number}x{experiments.Count}";

    /// <summary>Creates an experiment with an id of this test; it starts dispatching at once.</summary>
    public async Task<string> CreateAsync(ExperimentSpec spec)
    {
        var id = NextExperimentId;
        experiments.Add(id);
        await Experiment(id).Create(spec).Within();
        return id;
    }

    /// <summary>One tick of the experiment's watchdog reminder (which runs on real time, once a minute).</summary>
    public Task WatchdogTickAsync(string id) =>
        Experiment(id).AsReference<IRemindable>().ReceiveReminder("watchdog", default).Within();

    public Task<ExperimentView> ExperimentAsync(string id) =>
        TestTimeouts.Eventually(() => Experiment(id).Get().AsTask(), $"experiment {id}");

    public Task<ExperimentView> WaitForExperimentAsync(string id, Func<ExperimentView, bool> condition, string what) =>
        TestTimeouts.Eventually(async () => await Experiment(id).Get() is { } view && condition(view) ? view : null,
            $"experiment {id}: {what}");

    /// <summary>The run as the experiment published it to analytics once it was final.</summary>
    public async Task<RunRecord> WaitForFinishedAsync(string runId) =>
        (await Bus.WaitForPublishedAsync<RunFinished>(f => f.Run.Plan.RunId == runId, $"for run {runId}")).Run;

    public IReadOnlyList<RunRecord> Finished(string runId) =>
        Bus.Published<RunFinished>(f => f.Run.Plan.RunId == runId).Select(f => f.Run).ToList();

    public Task<Sent<BootVm>> WaitForBootAsync(string vmId) =>
        Bus.WaitForSentAsync<BootVm>(b => b.VmId == vmId, $"for VM {vmId}");

    public Task<Sent<PrepareIncoming>> WaitForPrepareAsync(string runId) =>
        Bus.WaitForSentAsync<PrepareIncoming>(p => p.RunId == runId, $"for run {runId}");

    // The executors' answers, as ExecutorEventsConsumer hands them to the VM grain.

    /// <summary>Answers the VM's BootVm with VmBooted from the host it was sent to; returns that host.</summary>
    public async Task<string> BootAsync(string vmId)
    {
        var boot = await WaitForBootAsync(vmId);
        await Vm(vmId).OnBooted(Booted(vmId, boot.Message.Host)).Within();
        return boot.Message.Host;
    }

    public static VmBooted Booted(string vmId, string host) => new()
    {
        VmId = vmId, Host = host, BootTimeMs = 900, Accelerator = "tcg", QemuVersion = "10.0.0", BootedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>Answers a PrepareIncoming with IncomingReady from its host and returns the StartMigration that follows.</summary>
    public async Task<Sent<StartMigration>> ReadyAsync(PrepareIncoming prepare)
    {
        await Vm(prepare.VmId).OnIncomingReady(Ready(prepare)).Within();
        return await Bus.WaitForSentAsync<StartMigration>(s => s.RunId == prepare.RunId, $"for run {prepare.RunId}");
    }

    public static IncomingReady Ready(PrepareIncoming prepare) => new()
    {
        RunId = prepare.RunId, VmId = prepare.VmId, Host = prepare.Host, MigrationUri = $"tcp:127.0.0.1:{49152 + prepare.RunId.Length}",
    };

    public Task CompleteAsync(StartMigration start) => Vm(start.VmId).OnMigrationCompleted(Completed(start)).Within();

    public static MigrationCompleted Completed(StartMigration start) => new()
    {
        RunId = start.RunId, VmId = start.VmId, SourceHost = start.Host, DestinationHost = start.DestinationHost,
        Result = Results.Measured(start.Host, start.DestinationHost),
    };

    public static MigrationFailed Failed(StartMigration start, GuestLocation guest, string reason = "cancelled by the scheduler") => new()
    {
        RunId = start.RunId, VmId = start.VmId, SourceHost = start.Host, DestinationHost = start.DestinationHost,
        Step = RunStep.Migrate, Reason = reason, Guest = guest,
    };

    /// <summary>Takes run <paramref name="index"/> of a fresh experiment's first VM through boot and prepare to migrating.</summary>
    public async Task<StartMigration> MigratingAsync(string experimentId, int index = 0)
    {
        await BootAsync(VmId(experimentId));
        var prepare = await WaitForPrepareAsync(RunId(experimentId, index));
        return (await ReadyAsync(prepare.Message)).Message;
    }

    /// <summary>Carries one run on <paramref name="vmId"/> to completion, booting the VM first when <paramref name=RunStep.Boot/>.</summary>
    public async Task<StartMigration> RunToCompletionAsync(string vmId, string runId, bool boot = false)
    {
        if (boot)
            await BootAsync(vmId);
        var prepare = await WaitForPrepareAsync(runId);
        Assert.Equal(vmId, prepare.Message.VmId);
        var start = (await ReadyAsync(prepare.Message)).Message;
        await CompleteAsync(start);
        return start;
    }

    /// <summary>Carries an experiment of one run through boot, prepare and migration to completed.</summary>
    public async Task<ExperimentView> RunToEndAsync(string experimentId)
    {
        await RunToCompletionAsync(VmId(experimentId), RunId(experimentId, 0), boot: true);
        return await WaitForExperimentAsync(experimentId, e => e.Status == ExperimentStatus.Completed, "completed");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in experiments)
            await Experiment(id).Cancel("the test is over").Within();
    }
}
