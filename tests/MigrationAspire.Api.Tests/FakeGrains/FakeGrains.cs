using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.FakeGrains;

// The grain interfaces the API calls, implemented over FakeLab: the API's real Orleans client talks to them
// through a real (in-process) silo, so serialization, exceptions and grain keys are exercised as in the lab.

public sealed class FakeExperimentGrain(FakeLab lab) : Grain, IExperimentGrain
{
    private string Id => this.GetPrimaryKeyString();

    public ValueTask<ExperimentView> Create(ExperimentSpec spec) => ValueTask.FromResult(lab.Create(Id, spec));

    public async ValueTask<ExperimentView?> Get()
    {
        await lab.StallAsync();
        return lab.Get(Id);
    }

    public ValueTask<ExperimentView?> Cancel(string reason) => ValueTask.FromResult(lab.Cancel(Id, reason));

    public ValueTask<IReadOnlyList<RunRecord>> GetRuns() => ValueTask.FromResult(lab.GetRuns(Id));

    public ValueTask<RunRecord?> GetRun(int index) => ValueTask.FromResult(lab.GetRun(Id, index));
}

public sealed class FakeExperimentIndexGrain(FakeLab lab) : Grain, IExperimentIndexGrain
{
    public ValueTask Add(string experimentId)
    {
        lab.AddToIndex(experimentId);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> List() => ValueTask.FromResult(lab.Index);
}

public sealed class FakeHostGrain(FakeLab lab) : Grain, IHostGrain
{
    public ValueTask Heartbeat(HostHeartbeat heartbeat) => throw new NotSupportedException("The API never sends heartbeats.");

    public ValueTask<HostView?> Get() => ValueTask.FromResult(lab.GetHost(this.GetPrimaryKeyString()));
}

public sealed class FakeHostRegistryGrain(FakeLab lab) : Grain, IHostRegistryGrain
{
    public ValueTask Register(string host) => throw new NotSupportedException("The API never registers hosts.");

    public ValueTask<IReadOnlyList<string>> List() => ValueTask.FromResult(lab.HostNames);
}
