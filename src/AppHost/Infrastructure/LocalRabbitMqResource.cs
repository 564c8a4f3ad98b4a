namespace MigrationAspire.AppHost.Infrastructure;

/// <summary>rabbitmq-server from the host's packages, run as a process when no container runtime works.</summary>
public sealed class LocalRabbitMqResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    // The broker only listens on loopback, where RabbitMQ lets its default user in.
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://guest:guest@{Endpoint.Property(EndpointProperty.HostAndPort)}");
}
