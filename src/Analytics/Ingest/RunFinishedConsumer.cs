using MassTransit;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Ingest;

/// <summary>Stores every run whose outcome is final. A redelivery of a stored run changes nothing.</summary>
public sealed class RunFinishedConsumer(RunStore store, ILogger<RunFinishedConsumer> logger) : IConsumer<RunFinished>
{
    public async Task Consume(ConsumeContext<RunFinished> context)
    {
        var run = context.Message;
        var added = await store.AddAsync(run, context.CancellationToken);
        logger.LogInformation(
            added ? "Stored run {RunId} of {ExperimentId}: {Status}" : "Run {RunId} of {ExperimentId} was already stored ({Status})",
            run.Plan.RunId, run.Plan.ExperimentId, run.Status);
    }
}

/// <summary>
/// A queue of analytics' own: another service consuming <see cref="RunFinished"/> with a consumer of the
/// same name would otherwise share the queue and take half the messages. Retries cover a store that is
/// still opening or briefly locked.
/// </summary>
public sealed class RunFinishedConsumerDefinition : ConsumerDefinition<RunFinishedConsumer>
{
    public const string Queue = "analytics-run-finished";

    public RunFinishedConsumerDefinition() => EndpointName = Queue;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RunFinishedConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(200, 1_000, 5_000, 15_000));
}
