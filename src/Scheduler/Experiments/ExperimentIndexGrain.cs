using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Experiments;

[GenerateSerializer]
public sealed class ExperimentIndexState
{
    [Id(0)] public List<string> Ids { get; set; } = [];
}

/// <summary>Every experiment's id, newest first.</summary>
public sealed class ExperimentIndexGrain(
    [PersistentState("experiments", "Default")] IPersistentState<ExperimentIndexState> state) : Grain, IExperimentIndexGrain
{
    public async ValueTask Add(string experimentId)
    {
        if (state.State.Ids.Contains(experimentId))
            return;
        state.State.Ids.Insert(0, experimentId);
        await state.WriteStateAsync();
    }

    public ValueTask<IReadOnlyList<string>> List() =>
        ValueTask.FromResult<IReadOnlyList<string>>(state.State.Ids.ToList());
}
