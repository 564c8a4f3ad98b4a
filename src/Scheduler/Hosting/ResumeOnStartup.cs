using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Admission;
using MigrationAspire.Scheduler.Experiments;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Scheduler.Hosting;

/// <summary>
/// After the silo starts: wake every known host (its liveness timer runs only while it is active) and every
/// unfinished experiment, whose in-flight runs are reconciled with what the executors report; then have the
/// admission queue free what experiments that ended still hold.
/// </summary>
public sealed class ResumeOnStartup(
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    IOptions<SchedulerOptions> options,
    ILogger<ResumeOnStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        foreach (var host in await grains.GetGrain<IHostRegistryGrain>(IHostRegistryGrain.Key).List())
            await grains.GetGrain<IHostGrain>(host).Get();
        // Let the executors' heartbeats arrive first: reconciliation compares with what they report.
        await Task.Delay(options.Value.ReconcileDelay, stoppingToken);
        var resumed = 0;
        foreach (var id in await grains.GetGrain<IExperimentIndexGrain>(IExperimentIndexGrain.Key).List())
        {
            try
            {
                await grains.GetGrain<IExperimentRuns>(id).Resume();
                resumed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Experiment {Id} could not be resumed", id);
            }
        }
        logger.LogInformation("Checked {Count} experiments after start-up", resumed);
        // A slot whose experiment ended just before the silo stopped, without giving it back, is freed.
        await grains.GetGrain<IAdmissionGrain>(IAdmissionGrain.Key).Reconcile();
    }
}
