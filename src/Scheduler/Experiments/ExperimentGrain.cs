using System.Text.Json;
using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Scheduler.Experiments;

/// <summary>
/// One experiment: validates and stores its spec, expands the sweep × repetitions into runs, dispatches them
/// to VM grains within its concurrency limit, tracks them to a final status, and tells analytics about every
/// run whose outcome is final.
/// </summary>
public sealed partial class ExperimentGrain(
    [PersistentState("experiment", "Default")] IPersistentState<ExperimentState> state,
    IBus bus,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain, IExperimentRuns, IRemindable
{
    private string Id => this.GetPrimaryKeyString();
    private ExperimentState S => state.State;
    private bool Exists => S.Spec is not null;
    private bool IsFinal => S.Status is ExperimentStatus.Completed or ExperimentStatus.CompletedWithFailures
        or ExperimentStatus.Failed or ExperimentStatus.Cancelled;

    public async ValueTask<ExperimentView> Create(ExperimentSpec spec)
    {
        var json = JsonSerializer.Serialize(spec, SpecJson.Options);
        if (Exists)
        {
            if (JsonSerializer.Serialize(S.Spec, SpecJson.Options) == json)
                return View();
            throw new ArgumentException($"experiment id {Id} is already taken by a different spec");
        }
        var errors = ExperimentSpecValidator.Validate(spec, options.Value.MaxRunsPerExperiment);
        if (errors.Count > 0)
            throw new ArgumentException("invalid experiment spec: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));

        S.Spec = spec;
        S.CreatedAt = clock.GetUtcNow();
        S.Status = ExperimentStatus.Pending;
        S.Runs = SweepExpander.Expand(Id, spec).Select(plan => new RunRecord { Plan = plan }).ToList();
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(WatchdogReminder, WatchdogPeriod, WatchdogPeriod);
        // Listed by the grain that stores it, not later by its caller: start-up resumes only listed experiments.
        await GrainFactory.GetGrain<IExperimentIndexGrain>(IExperimentIndexGrain.Key).Add(Id);
        logger.LogInformation("Experiment {Id} ({Name}): {Runs} runs", Id, spec.Name, S.Runs.Count);
        await DispatchAsync();
        return View();
    }

    public ValueTask<ExperimentView?> Get() => ValueTask.FromResult(Exists ? View() : null);

    public ValueTask<IReadOnlyList<RunView>> GetRuns() =>
        ValueTask.FromResult<IReadOnlyList<RunView>>(S.Runs.Select(ToView).ToList());

    public ValueTask<RunView?> GetRun(int index) =>
        ValueTask.FromResult(index >= 0 && index < S.Runs.Count ? ToView(S.Runs[index]) : null);

    public async ValueTask<ExperimentView?> Cancel(string reason)
    {
        if (!Exists)
            return null;
        if (IsFinal || S.CancelRequested)
            return View();
        S.CancelRequested = true;
        S.Reason = reason;
        foreach (var run in S.Runs.Where(r => r.Status == RunStatus.Pending))
            Finish(run, new RunOutcome { RunId = run.Plan.RunId, Status = RunStatus.Cancelled, FailedStep = "pending", FailureReason = reason, FinishedAt = clock.GetUtcNow() });
        await state.WriteStateAsync();
        await FlushOutboxAsync();
        foreach (var run in S.Runs.Where(r => r.Status == RunStatus.Running && r.VmId is not null))
            await GrainFactory.GetGrain<IVmGrain>(run.VmId!).Cancel(run.Plan.RunId, reason);
        await DispatchAsync();
        return View();
    }

    public async Task RunProgress(string runId, RunStep step, string vmId, string? sourceHost, string? destinationHost)
    {
        if (Find(runId) is not { Status: RunStatus.Running } run)
            return;
        (run.Step, run.SourceHost, run.DestinationHost) = (step, sourceHost, destinationHost);
        await state.WriteStateAsync();
    }

    public async Task RunFinished(RunOutcome outcome)
    {
        if (Find(outcome.RunId) is not { } run || run.IsFinal)
            return;
        Finish(run, outcome);
        await state.WriteStateAsync();
        await FlushOutboxAsync();
        await DispatchAsync();
    }

    public async Task Resume()
    {
        await FlushOutboxAsync();
        if (!Exists || IsFinal)
            return;
        foreach (var run in S.Runs.Where(r => r.Status == RunStatus.Running && r.VmId is not null))
            await GrainFactory.GetGrain<IVmGrain>(run.VmId!).Reconcile();
        await DispatchAsync();
    }

    /// <summary>Records the outcome in the run and in the outbox; the caller stores the state, then flushes.</summary>
    private void Finish(RunRecord run, RunOutcome outcome)
    {
        run.Status = outcome.Status;
        run.Step = null;
        run.Result = outcome.Result;
        run.FailedStep = outcome.FailedStep;
        run.FailureReason = outcome.FailureReason;
        run.SourceHost = outcome.SourceHost ?? run.SourceHost;
        run.DestinationHost = outcome.DestinationHost ?? run.DestinationHost;
        run.FinishedAt = outcome.FinishedAt;
        if (S.Vms.FirstOrDefault(v => v.BusyWith == run.Plan.RunId) is { } slot)
            slot.BusyWith = null;
        S.Outbox.Add(new RunFinished
        {
            Plan = run.Plan,
            Status = run.Status,
            Result = run.Result,
            FailedStep = run.FailedStep,
            FailureReason = run.FailureReason,
            SourceHost = run.SourceHost ?? "",
            DestinationHost = run.DestinationHost ?? "",
            FinishedAt = outcome.FinishedAt,
        });
    }

    private RunRecord? Find(string runId) =>
        RunPlan.TryParseRunId(runId, out var experimentId, out var index) && experimentId == Id && index < S.Runs.Count
            ? S.Runs[index]
            : null;
}
