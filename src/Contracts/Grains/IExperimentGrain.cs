namespace MigrationAspire.Contracts;

/// <summary>One experiment: its spec, its runs (the sweep × repetitions) and their progress. Key: experiment id.</summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Stores a validated spec and starts dispatching its runs. Creating it again with the same spec is a no-op.</summary>
    /// <exception cref="ArgumentException">The spec is invalid, or the id is taken by a different spec.</exception>
    ValueTask<ExperimentView> Create(ExperimentSpec spec);

    /// <summary>Null when no experiment has this id.</summary>
    ValueTask<ExperimentView?> Get();

    /// <summary>Pending runs never start; running ones are cancelled on their executors.</summary>
    ValueTask<ExperimentView?> Cancel(string reason);

    ValueTask<IReadOnlyList<RunRecord>> GetRuns();

    ValueTask<RunRecord?> GetRun(int index);
}
