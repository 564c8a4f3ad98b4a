using System.Text.Json;
using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Scheduler.Experiments;

/// <summary>
/// One experiment: validates and stores its spec, expands the sweep × repetitions into runs, waits for the lab's
/// admission queue to give it a slot, dispatches its runs to VM grains within its concurrency limit, tracks them to
/// a final status, and tells analytics about every run whose outcome is final.
/// </summary>
public sealed partial class ExperimentGrain(
    [PersistentState("experiment", "Default")] IPersistentState<ExperimentState> state,
    IBus bus,
    IOptions<ExperimentLimits> limits,
    TimeProvider clock,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain, IExperimentRuns, IRemindable
{
    private string Id => this.GetPrimaryKeyString();
    private ExperimentState Experiment => state.State;
    private bool Exists => Experiment.Spec is not null;
    private bool IsFinal => Experiment.Status.IsFinal();

    public async ValueTask<ExperimentView> Create(ExperimentSpec spec)
    {
        var json = JsonSerializer.Serialize(spec, SpecJson.Options);
        if (Exists)
        {
            if (JsonSerializer.Serialize(Experiment.Spec, SpecJson.Options) == json)
                return await ViewAsync();
            throw new ArgumentException($"experiment id {Id} is already taken by a different spec");
        }
        var errors = ExperimentSpecValidator.Validate(spec, limits.Value.MaxRunsPerExperiment);
        if (errors.Count > 0)
            throw new ArgumentException("invalid experiment spec: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));

        Experiment.Spec = spec;
        Experiment.CreatedAt = clock.GetUtcNow();
        Experiment.Status = ExperimentStatus.Pending;
        Experiment.Runs = SweepExpander.Expand(Id, spec).Select(plan => new RunRecord { Plan = plan }).ToList();
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(WatchdogReminder, WatchdogPeriod, WatchdogPeriod);
        // Listed by the grain that stores it, not later by its caller: start-up resumes only listed experiments.
        await GrainFactory.GetGrain<IExperimentIndexGrain>(IExperimentIndexGrain.Key).Add(Id);
        logger.LogInformation("Experiment {Id} ({Name}): {Runs} runs", Id, spec.Name, Experiment.Runs.Count);
        await EnterQueueAsync();
        await DispatchAsync();
        return await ViewAsync();
    }

    public async ValueTask<ExperimentView?> Get() => Exists ? await ViewAsync() : null;

    public ValueTask<IReadOnlyList<RunRecord>> GetRuns() =>
        ValueTask.FromResult<IReadOnlyList<RunRecord>>(Experiment.Runs.ToList());

    public ValueTask<RunRecord?> GetRun(int index) =>
        ValueTask.FromResult(index >= 0 && index < Experiment.Runs.Count ? Experiment.Runs[index] : null);

    public async ValueTask<ExperimentView?> Cancel(string reason)
    {
        if (!Exists)
            return null;
        if (IsFinal || Experiment.CancelRequested)
            return await ViewAsync();
        Experiment.CancelRequested = true;
        Experiment.Reason = reason;
        foreach (var run in Experiment.Runs.Where(r => r.Status == RunStatus.Pending).ToList())
            Finish(run with { Status = RunStatus.Cancelled, FailedStep = RunStep.Pending, FailureReason = reason, FinishedAt = clock.GetUtcNow() });
        await state.WriteStateAsync();
        await FlushOutboxAsync();
        foreach (var run in Experiment.Runs.Where(r => r.Status == RunStatus.Running && r.VmId is not null))
            await GrainFactory.GetGrain<IVmGrain>(run.VmId!).Cancel(run.Plan.RunId, reason);
        await DispatchAsync();
        return await ViewAsync();
    }

    public async Task RunProgress(string runId, RunStep step, string vmId, string? sourceHost, string? destinationHost)
    {
        if (Find(runId) is not { Status: RunStatus.Running } run)
            return;
        Experiment.Runs[run.Plan.Index] = run with { Step = step, SourceHost = sourceHost, DestinationHost = destinationHost };
        await state.WriteStateAsync();
    }

    public async Task RunFinished(RunRecord outcome)
    {
        if (Find(outcome.Plan.RunId) is not { } run || run.Status.IsFinal())
            return;
        // The VM's account of how the run ended; what only the experiment knows stays.
        Finish(outcome with
        {
            Plan = run.Plan,
            VmId = outcome.VmId ?? run.VmId,
            SourceHost = outcome.SourceHost ?? run.SourceHost,
            DestinationHost = outcome.DestinationHost ?? run.DestinationHost,
            StartedAt = run.StartedAt,
        });
        await state.WriteStateAsync();
        await FlushOutboxAsync();
        await DispatchAsync();
    }

    public async Task Resume()
    {
        await FlushOutboxAsync();
        if (!Exists || IsFinal)
            return;
        foreach (var run in Experiment.Runs.Where(r => r.Status == RunStatus.Running && r.VmId is not null))
            await GrainFactory.GetGrain<IVmGrain>(run.VmId!).Reconcile();
        await CheckRunsAreCarriedAsync();
        await EnterQueueAsync();
        await DispatchAsync();
    }

    /// <summary>Stores the final run in place and in the outbox; the caller writes the state, then flushes.</summary>
    private void Finish(RunRecord final)
    {
        final = final with { Step = null };
        Experiment.Runs[final.Plan.Index] = final;
        if (Experiment.Vms.FirstOrDefault(v => v.BusyWith == final.Plan.RunId) is { } slot)
            slot.BusyWith = null;
        Experiment.Outbox.Add(new RunFinished { Run = final, Spec = Experiment.Spec, SubmittedAt = Experiment.CreatedAt });
    }

    private RunRecord? Find(string runId) =>
        RunPlan.TryParseRunId(runId, out var experimentId, out var index) && experimentId == Id && index < Experiment.Runs.Count
            ? Experiment.Runs[index]
            : null;
}
