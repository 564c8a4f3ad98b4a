using MigrationAspire.Executor.Network;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Vms;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Hosting;

/// <summary>
/// Before the host takes work: kill what a crashed predecessor left, load the guest image, choose the
/// accelerator. On shutdown: end every QEMU this executor started.
/// </summary>
public sealed class HostInitializer(
    HostRuntime runtime,
    AcceleratorProbe probe,
    HostNetwork network,
    VmRegistry vms,
    OperationRunner operations,
    IOptions<ExecutorOptions> options,
    ILogger<HostInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            Directory.CreateDirectory(settings.WorkDirectory);
            var reaped = await OrphanReaper.ReapAsync(settings.WorkDirectory, logger);
            if (reaped > 0)
                logger.LogWarning("Reaped {Count} orphaned QEMU processes of a previous executor on host {Host}", reaped, settings.HostName);
            await network.JoinAsync(stoppingToken);
            var image = GuestImage.Load(settings.GuestDirectory);
            var accelerator = await probe.ChooseAsync(image, stoppingToken);
            runtime.SetReady(image, accelerator);
            logger.LogInformation("Host {Host} ready: QEMU {Version}, accelerator {Accelerator} ({Reason}), guest image {Hash}, network {Network} at {Address}",
                settings.HostName, accelerator.QemuVersion, accelerator.Accelerator, accelerator.Reason, image.Hash, network.Kind, settings.MigrationAddress);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or KeyNotFoundException)
        {
            runtime.SetFailed(e.Message);
            logger.LogError("Host {Host} cannot run VMs: {Reason}", settings.HostName, e.Message);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await operations.StopAllAsync();
        await vms.DestroyAllAsync();
        logger.LogInformation("Host {Host} stopped every QEMU it ran", options.Value.HostName);
    }
}
