namespace MigrationAspire.AppHost.Infrastructure;

/// <summary>rabbitmq-server from the host's packages, run as a process when no container runtime works.</summary>
public sealed class LocalRabbitMqResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    /// <summary>The broker's one user; there is no guest/guest (the node is made with this user instead).</summary>
    internal const string UserName = "lab";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://{UserName}:{password}@{Endpoint.Property(EndpointProperty.HostAndPort)}");
}
