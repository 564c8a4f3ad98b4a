using Microsoft.Extensions.Hosting;

namespace MigrationAspire.Scheduler.Tests.Infrastructure;

/// <summary>An application that has started already, for the start-up service (ResumeOnStartup) to run at once.</summary>
public sealed class StartedLifetime : IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted => new(canceled: true);
    public CancellationToken ApplicationStopping => CancellationToken.None;
    public CancellationToken ApplicationStopped => CancellationToken.None;
    public void StopApplication() { }
}
