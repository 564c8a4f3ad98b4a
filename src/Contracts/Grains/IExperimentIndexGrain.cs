namespace MigrationAspire.Contracts;

/// <summary>Every experiment's id, newest first. A single grain, key <see cref="Key"/>.</summary>
public interface IExperimentIndexGrain : IGrainWithStringKey
{
    const string Key = "all";

    ValueTask Add(string experimentId);

    ValueTask<IReadOnlyList<string>> List();
}
