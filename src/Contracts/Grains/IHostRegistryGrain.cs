namespace MigrationAspire.Contracts;

/// <summary>The names of every host that ever sent a heartbeat. A single grain, key <see cref="Key"/>.</summary>
public interface IHostRegistryGrain : IGrainWithStringKey
{
    const string Key = "all";

    ValueTask Register(string host);

    ValueTask<IReadOnlyList<string>> List();
}
