using System.Globalization;
using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Admission;

namespace MigrationAspire.Scheduler.Experiments;

// An experiment starts its runs only once the lab-wide admission queue gives it a slot, and gives the slot back
// when it is final. The queue tells it when it is admitted (one-way); the watchdog and start-up ask as well, so a
// lost message only delays it. With queueTimeoutSeconds, a still-queued experiment fails when that time is up.
public sealed partial class ExperimentGrain
{
    private IGrainTimer? queueDeadline;

    private bool IsAdmitted => Experiment.AdmittedAt is not null;

    private IAdmissionGrain Admission => GrainFactory.GetGrain<IAdmissionGrain>(IAdmissionGrain.Key);

    private DateTimeOffset? QueueDeadline => Experiment.Spec?.QueueTimeoutSeconds is { } seconds
        ? Experiment.CreatedAt + TimeSpan.FromSeconds(seconds)
        : null;

    public async Task Admitted()
    {
        if (!Exists || IsFinal)
        {
            // Admitted after it ended (it was cancelled meanwhile): the slot goes to the next in line.
            await Admission.Leave(Id);
            return;
        }
        if (IsAdmitted)
            return;
        await TakeAdmissionAsync();
        await DispatchAsync();
    }

    public ValueTask<ExperimentStatus?> Status() => ValueTask.FromResult(Exists ? Experiment.Status : (ExperimentStatus?)null);

    /// <summary>Queues the experiment (again: a no-op when it is queued) and takes its admission when it has one.</summary>
    private async Task EnterQueueAsync()
    {
        if (!Exists || IsFinal || IsAdmitted)
            return;
        var ticket = await Admission.Enter(Id);
        if (ticket.Standing == AdmissionStanding.Admitted)
            await TakeAdmissionAsync();
        else
            ArmQueueDeadline();
    }

    private async Task TakeAdmissionAsync()
    {
        queueDeadline?.Dispose();
        queueDeadline = null;
        Experiment.AdmittedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        logger.LogInformation("Experiment {Id} admitted after {Waited:0.#} s in the queue", Id, (Experiment.AdmittedAt - Experiment.CreatedAt).Value.TotalSeconds);
    }

    /// <summary>Gives back the slot or the place in the queue; if that fails, the queue's own check frees it.</summary>
    private async Task LeaveQueueAsync()
    {
        try
        {
            await Admission.Leave(Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Experiment {Id} could not give back its admission: {Reason}", Id, e.Message);
        }
    }

    private void ArmQueueDeadline()
    {
        if (QueueDeadline is not { } deadline || queueDeadline is not null)
            return;
        var due = deadline - clock.GetUtcNow();
        queueDeadline = this.RegisterGrainTimer(_ => QueueDeadlineAsync(), due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Fails a still-queued experiment whose queue timeout is up; one admitted meanwhile goes on.</summary>
    private async Task QueueDeadlineAsync()
    {
        queueDeadline?.Dispose();
        queueDeadline = null;
        if (!Exists || IsFinal || IsAdmitted || QueueDeadline is not { } deadline)
            return;
        if (clock.GetUtcNow() < deadline)
        {
            ArmQueueDeadline();
            return;
        }
        if (await Admission.Withdraw(Id) == AdmissionStanding.Admitted)
        {
            await TakeAdmissionAsync();
            await DispatchAsync();
            return;
        }
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"waited {Experiment.Spec!.QueueTimeoutSeconds} s in the lab's admission queue (queueTimeoutSeconds) without being admitted");
        logger.LogWarning("Experiment {Id}: {Reason}", Id, reason);
        Experiment.Reason = reason;
        foreach (var run in Experiment.Runs.Where(r => r.Status == RunStatus.Pending).ToList())
            Finish(run with { Status = RunStatus.Failed, FailedStep = RunStep.Pending, FailureReason = reason, FinishedAt = clock.GetUtcNow() });
        await state.WriteStateAsync();
        await FlushOutboxAsync();
        await DispatchAsync();
    }

    private async Task<ExperimentView> ViewAsync() =>
        View(Exists && !IsFinal && !IsAdmitted ? await Admission.Ask(Id) : null);
}
