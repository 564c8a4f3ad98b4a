using Orleans.Concurrency;
using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Experiments;

/// <summary>The side of an experiment grain its VMs and the scheduler talk to (not the API).</summary>
public interface IExperimentRuns : IGrainWithStringKey
{
    [OneWay]
    Task RunProgress(string runId, RunStep step, string vmId, string? sourceHost, string? destinationHost);

    /// <summary>How a run ended, as the VM that carried it tells it.</summary>
    [OneWay]
    Task RunFinished(RunRecord outcome);

    /// <summary>After a scheduler restart: dispatch again and have in-flight runs reconciled.</summary>
    Task Resume();

    /// <summary>The admission queue gave the experiment a slot: it starts its runs.</summary>
    [OneWay]
    Task Admitted();

    /// <summary>Null when no experiment has this id. Interleaved: the admission grain asks while experiments call it.</summary>
    [AlwaysInterleave]
    ValueTask<ExperimentStatus?> Status();
}
