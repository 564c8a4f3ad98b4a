using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Network;
using MigrationAspire.Executor.Vms;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Messaging;

/// <summary>Announces this host every few seconds: the scheduler's HostGrain marks a silent host down.</summary>
public sealed class HeartbeatPublisher(
    IBus bus, HostRuntime runtime, HostNetwork network, VmRegistry vms, IOptions<ExecutorOptions> options, ILogger<HeartbeatPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.HeartbeatInterval);
        do
        {
            var accelerator = runtime.AcceleratorOrPending;
            try
            {
                await bus.Publish(new HostHeartbeat
                {
                    Report = new HostReport
                    {
                        Host = settings.HostName,
                        InstanceId = runtime.InstanceId,
                        Accelerator = accelerator.Accelerator,
                        AcceleratorReason = accelerator.Reason,
                        QemuVersion = accelerator.QemuVersion,
                        MigrationAddress = settings.MigrationAddress,
                        MemoryBudgetMiB = settings.MemoryBudgetMiB,
                        MemoryUsedMiB = vms.MemoryUsedMiB,
                        MaxVms = settings.MaxVms,
                        Vms = vms.Report(),
                        Network = network.Kind,
                    },
                    SentAt = DateTimeOffset.UtcNow,
                    Interval = settings.HeartbeatInterval,
                }, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Heartbeat of host {Host} not published: {Reason}", settings.HostName, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
