using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Hosts;

[GenerateSerializer]
public sealed class HostRegistryState
{
    [Id(0)] public SortedSet<string> Hosts { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Every host that ever sent a heartbeat.</summary>
public sealed class HostRegistryGrain(
    [PersistentState("hosts", "Default")] IPersistentState<HostRegistryState> state) : Grain, IHostRegistryGrain
{
    public async ValueTask Register(string host)
    {
        if (state.State.Hosts.Add(host))
            await state.WriteStateAsync();
    }

    public ValueTask<IReadOnlyList<string>> List() =>
        ValueTask.FromResult<IReadOnlyList<string>>(state.State.Hosts.ToList());
}
