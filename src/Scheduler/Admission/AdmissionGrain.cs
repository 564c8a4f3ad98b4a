using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Experiments;
using MigrationAspire.Scheduler.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Scheduler.Admission;

[GenerateSerializer, Immutable]
public sealed record QueuedExperiment([property: Id(0)] string ExperimentId, [property: Id(1)] DateTimeOffset Since);

[GenerateSerializer]
public sealed class AdmissionState
{
    /// <summary>Experiments waiting for a slot, the next to be admitted first.</summary>
    [Id(0)] public List<QueuedExperiment> Queue { get; set; } = [];

    /// <summary>Experiments holding a slot, with when they were admitted.</summary>
    [Id(1)] public Dictionary<string, DateTimeOffset> Admitted { get; set; } = [];
}

/// <summary>The lab-wide admission queue; see <see cref="IAdmissionGrain"/>.</summary>
public sealed class AdmissionGrain(
    [PersistentState("admission", "Default")] IPersistentState<AdmissionState> state,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<AdmissionGrain> logger) : Grain, IAdmissionGrain
{
    private static readonly TimeSpan ReconcilePeriod = TimeSpan.FromMinutes(1);
    private AdmissionState Admission => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Only a queue can be blocked by a slot nobody gives back; queued experiments' watchdogs keep this grain active.
        this.RegisterGrainTimer(
            _ => Admission.Queue.Count > 0 ? Reconcile() : Task.CompletedTask, ReconcilePeriod, ReconcilePeriod);
        return Task.CompletedTask;
    }

    public async Task<AdmissionTicket> Enter(string experimentId)
    {
        if (Standing(experimentId) == AdmissionStanding.Outside)
        {
            Admission.Queue.Add(new QueuedExperiment(experimentId, clock.GetUtcNow()));
            // The caller reads its admission in the answer; the others admitted with it are told.
            await AdmitAsync(except: experimentId);
        }
        return Ticket(experimentId);
    }

    public Task<AdmissionTicket> Ask(string experimentId) => Task.FromResult(Ticket(experimentId));

    public async Task<AdmissionStanding> Withdraw(string experimentId)
    {
        var standing = Standing(experimentId);
        if (standing == AdmissionStanding.Queued)
        {
            Admission.Queue.RemoveAll(q => q.ExperimentId == experimentId);
            await state.WriteStateAsync();
            logger.LogInformation("Experiment {Id} left the admission queue", experimentId);
        }
        return standing;
    }

    public async Task Leave(string experimentId)
    {
        if (Admission.Admitted.Remove(experimentId) | Admission.Queue.RemoveAll(q => q.ExperimentId == experimentId) > 0)
            await AdmitAsync(except: null);
    }

    public async Task Reconcile()
    {
        var freed = new List<string>();
        foreach (var id in Admission.Admitted.Keys.Concat(Admission.Queue.Select(q => q.ExperimentId)).ToList())
        {
            ExperimentStatus? status;
            try
            {
                status = await GrainFactory.GetGrain<IExperimentRuns>(id).Status();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Admission: experiment {Id} did not say its status: {Reason}", id, e.Message);
                continue;
            }
            if (status is null || status.Value.IsFinal())
                freed.Add(id);
        }
        if (freed.Count == 0)
            return;
        logger.LogWarning("Admission: freed what final or unknown experiments still held: {Ids}", string.Join(", ", freed));
        Admission.Queue.RemoveAll(q => freed.Contains(q.ExperimentId));
        foreach (var id in freed)
            Admission.Admitted.Remove(id);
        await AdmitAsync(except: null);
    }

    public Task<AdmissionState> Get() => Task.FromResult(Admission);

    /// <summary>Admits from the front of the queue while slots are free, stores that, then tells the admitted (one-way: no call cycle).</summary>
    private async Task AdmitAsync(string? except)
    {
        var admitted = new List<string>();
        while (Admission.Admitted.Count < options.Value.MaxConcurrentExperiments && Admission.Queue.Count > 0)
        {
            var next = Admission.Queue[0];
            Admission.Queue.RemoveAt(0);
            Admission.Admitted[next.ExperimentId] = clock.GetUtcNow();
            admitted.Add(next.ExperimentId);
        }
        await state.WriteStateAsync();
        foreach (var id in admitted)
        {
            logger.LogInformation("Experiment {Id} admitted ({Waiting} waiting)", id, Admission.Queue.Count);
            if (id != except)
                await GrainFactory.GetGrain<IExperimentRuns>(id).Admitted();
        }
    }

    private AdmissionStanding Standing(string experimentId) =>
        Admission.Admitted.ContainsKey(experimentId) ? AdmissionStanding.Admitted
        : Admission.Queue.Any(q => q.ExperimentId == experimentId) ? AdmissionStanding.Queued
        : AdmissionStanding.Outside;

    private AdmissionTicket Ticket(string experimentId)
    {
        var at = Admission.Queue.FindIndex(q => q.ExperimentId == experimentId);
        return at >= 0
            ? new AdmissionTicket { Standing = AdmissionStanding.Queued, Position = at + 1, QueuedSince = Admission.Queue[at].Since }
            : new AdmissionTicket { Standing = Standing(experimentId) };
    }
}
