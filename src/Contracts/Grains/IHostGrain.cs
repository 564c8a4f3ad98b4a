namespace MigrationAspire.Contracts;

/// <summary>One executor host, registered from its heartbeats. Key: host name.</summary>
public interface IHostGrain : IGrainWithStringKey
{
    ValueTask Heartbeat(HostHeartbeat heartbeat);

    /// <summary>Null when the host never sent a heartbeat.</summary>
    ValueTask<HostView?> Get();
}
