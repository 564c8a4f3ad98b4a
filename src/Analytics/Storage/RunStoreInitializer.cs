namespace MigrationAspire.Analytics.Storage;

/// <summary>
/// Opens the store in the background and keeps trying while it cannot (e.g. another process still holds
/// the file's lock): the service stays up, Degraded, instead of crashing in a restart loop.
/// </summary>
internal sealed class RunStoreInitializer(RunStore store, ILogger<RunStoreInitializer> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                store.Initialize();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Cannot open the run store at {Path}; retrying in {Delay}", store.DatabasePath, RetryDelay);
            }

            await Task.Delay(RetryDelay, stoppingToken);
        }
    }
}
