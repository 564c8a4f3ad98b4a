using MassTransit;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Ingest;

/// <summary>
/// Stores every run whose outcome is final. Messages are taken in batches: a DuckDB transaction costs a
/// few milliseconds however few rows it holds, so a backlog (analytics was down while runs finished) is
/// stored in a few hundred transactions rather than one per run. A redelivered run changes nothing.
/// </summary>
public sealed class RunFinishedConsumer(RunStore store, ILogger<RunFinishedConsumer> logger) : IConsumer<Batch<RunFinished>>
{
    public async Task Consume(ConsumeContext<Batch<RunFinished>> context)
    {
        var runs = context.Message.Select(m => m.Message.Run).ToList();
        var added = await store.AddManyAsync(runs, context.CancellationToken);
        await store.AddExperimentsAsync(context.Message.Select(m => m.Message), context.CancellationToken);
        foreach (var run in runs)
        {
            logger.LogDebug("Run {RunId} of {ExperimentId} finished {Status}", run.Plan.RunId, run.Plan.ExperimentId, run.Status);
        }

        logger.LogInformation("Stored {Added} of {Count} finished runs ({Duplicates} already stored)", added, runs.Count, runs.Count - added);
    }
}

/// <summary>
/// A queue of analytics' own: another service consuming <see cref="RunFinished"/> with a consumer of the
/// same name would otherwise share the queue and take half the messages. A batch closes at 100 runs or
/// 100 ms after its first, so a lone run waits at most that long. Retries cover a store that is still
/// opening or briefly locked; storing is idempotent, so retrying a whole batch is safe.
/// </summary>
public sealed class RunFinishedConsumerDefinition : ConsumerDefinition<RunFinishedConsumer>
{
    public const string Queue = "analytics-run-finished";
    public const int BatchSize = 100;

    public RunFinishedConsumerDefinition()
    {
        EndpointName = Queue;
        ConcurrentMessageLimit = BatchSize;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RunFinishedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(200, 1_000, 5_000, 15_000));
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(BatchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(100))
            .SetConcurrencyLimit(1));
    }
}
