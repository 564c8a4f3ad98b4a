namespace MigrationAspire.Scheduler.Hosts;

/// <summary>Which VMs depend on a host, so they hear of it when the host goes down.</summary>
public interface IHostMembership : IGrainWithStringKey
{
    Task Attach(string vmId);

    Task Detach(string vmId);
}
