namespace MigrationAspire.Api.Dependencies;

/// <summary>What the API calls while it answers a request. RabbitMQ is not among them: the scheduler's outbox holds what it publishes.</summary>
public enum LabDependency
{
    /// <summary>The Orleans cluster (the scheduler silo), through the API's Orleans client.</summary>
    Scheduler,

    /// <summary>Redis, where the executors write live samples.</summary>
    Redis,

    /// <summary>The analytics service, over HTTP.</summary>
    Analytics,
}
