using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Experiments;

// Nothing an experiment waits for may get lost for good: outcomes go to analytics through an outbox that
// is retried until the broker takes them, and a watchdog reminder asks the VMs of running runs whether they
// carry them (ExperimentGrain.Receipts.cs), and a queued experiment's admission (ExperimentGrain.Admission.cs),
// in case a one-way message either way never arrived.
public sealed partial class ExperimentGrain
{
    private const string WatchdogReminder = "watchdog";
    private static readonly TimeSpan WatchdogPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan OutboxRetry = TimeSpan.FromSeconds(10);
    private IGrainTimer? outboxRetry;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Experiment.Outbox.Count > 0)
            ArmOutboxRetry();
        if (Exists && !IsFinal && !IsAdmitted)
            ArmQueueDeadline();
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await FlushOutboxAsync();
        if (!Exists || IsFinal)
        {
            if (Experiment.Outbox.Count == 0 && await this.GetReminder(WatchdogReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
            return;
        }
        if (!IsAdmitted)
        {
            // A queued experiment asks again, in case the word that it was admitted got lost.
            await EnterQueueAsync();
            await QueueDeadlineAsync();
            await DispatchAsync();
            return;
        }
        await CheckRunsAreCarriedAsync();
    }

    /// <summary>Publishes what the outbox holds, oldest first; what the broker refuses waits for the next try.</summary>
    private async Task FlushOutboxAsync()
    {
        if (Experiment.Outbox.Count == 0)
        {
            outboxRetry?.Dispose();
            outboxRetry = null;
            return;
        }
        var published = 0;
        try
        {
            foreach (var message in Experiment.Outbox)
            {
                await bus.Publish(message);
                published++;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Experiment {Id}: {Count} run outcomes wait for the broker: {Reason}", Id, Experiment.Outbox.Count - published, e.Message);
            ArmOutboxRetry();
        }
        finally
        {
            if (published > 0)
            {
                Experiment.Outbox.RemoveRange(0, published);
                await state.WriteStateAsync();
            }
        }
    }

    private void ArmOutboxRetry()
    {
        outboxRetry?.Dispose();
        outboxRetry = this.RegisterGrainTimer(_ => FlushOutboxAsync(), OutboxRetry, OutboxRetry);
    }
}
