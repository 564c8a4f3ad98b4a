using Orleans.Concurrency;

namespace MigrationAspire.Scheduler.Admission;

/// <summary>
/// The lab-wide admission queue (a single grain, key "all"): experiments wait here in submission order until one
/// of Scheduler:MaxConcurrentExperiments slots is free, and hold their slot until they are final. A slot that comes
/// free admits the next experiment and tells it so (<see cref="Experiments.IExperimentRuns.Admitted"/>).
/// </summary>
public interface IAdmissionGrain : IGrainWithStringKey
{
    const string Key = "all";

    /// <summary>Queues the experiment unless it is queued or admitted already, and says where it stands.</summary>
    Task<AdmissionTicket> Enter(string experimentId);

    /// <summary>Where the experiment stands, without queueing it.</summary>
    [ReadOnly]
    Task<AdmissionTicket> Ask(string experimentId);

    /// <summary>Takes a queued experiment out of the queue; an admitted one keeps its slot.</summary>
    /// <returns>Where it stood before: only <see cref="AdmissionStanding.Admitted"/> means it may go on.</returns>
    Task<AdmissionStanding> Withdraw(string experimentId);

    /// <summary>A final experiment leaves, giving back its slot or its place in the queue; the next in line is admitted.</summary>
    Task Leave(string experimentId);

    /// <summary>Frees what experiments that are final (or unknown) still hold: a release lost to a crash must not block the lab.</summary>
    Task Reconcile();

    [ReadOnly]
    Task<AdmissionState> Get();
}
