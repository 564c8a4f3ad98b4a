using Orleans.Concurrency;

namespace MigrationAspire.Contracts;

/// <summary>
/// One VM and its state machine: where it lives, what it is doing, its history. One operation at a time;
/// every event method is idempotent (a duplicated, late or out-of-order event changes nothing).
/// Key: VM id. Commands from the experiment are one-way, so a VM can report back without a call cycle.
/// </summary>
public interface IVmGrain : IGrainWithStringKey
{
    /// <summary>Runs <paramref name="plan"/> on this VM: boots it if absent, then migrates it to another host.</summary>
    [OneWay]
    Task Run(string experimentId, RunPlan plan);

    [OneWay]
    Task Cancel(string runId, string reason);

    /// <summary>The experiment is done with this VM: destroy it wherever it is.</summary>
    [OneWay]
    Task Release(string reason);

    Task OnBooted(VmBooted booted);
    Task OnBootFailed(VmBootFailed failed);
    Task OnIncomingReady(IncomingReady ready);
    Task OnIncomingFailed(IncomingFailed failed);
    Task OnMigrationCompleted(MigrationCompleted completed);
    Task OnMigrationFailed(MigrationFailed failed);

    /// <summary>A host this VM depends on stopped sending heartbeats (or its executor restarted).</summary>
    [OneWay]
    Task OnHostDown(string host, string reason);

    /// <summary>After a scheduler restart: check an in-flight operation against what the hosts report.</summary>
    Task Reconcile();

    /// <summary>
    /// Whether this VM carries or finished <paramref name="runId"/>; a finished run's outcome is told to the experiment
    /// again (a lost message is not a stuck run). Two-way and in order after <see cref="Run"/>: an unknown run was lost.
    /// </summary>
    Task<RunReceipt> Receipt(string runId);

    ValueTask<VmView?> Get();
}
