using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Recovery;
using MigrationAspire.Executor.Vms;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Messaging;

// Each consumer hands its command to a long-running operation and returns: a migration can outlast any
// broker's consumer timeout, and the operation reports its outcome as an event.

public sealed class BootVmConsumer(VmBooter booter, OperationRunner operations, IOptions<ExecutorOptions> options, ILogger<BootVmConsumer> logger)
    : HostCommandConsumer<BootVm>(options, logger)
{
    /// <summary>How long a boot waits for the same VM's previous boot operation, destroyed a moment ago, to wind down.</summary>
    private static readonly TimeSpan PreviousBootGrace = TimeSpan.FromSeconds(30);

    private readonly ILogger<BootVmConsumer> log = logger;

    protected override Task Handle(ConsumeContext<BootVm> context)
    {
        var command = context.Message;
        // A boot operation lasts as long as its VM. One still under the same key is either this VM's previous life,
        // destroyed a moment ago and still winding down (the scheduler boots it again for the next run: seen in a
        // fresh-clone test run, where that boot was dropped and the run waited out its 3-minute deadline), or a VM that still runs here.
        // Wait for the first kind; a boot of a VM that still runs stays refused.
        if (!Start(command))
            _ = StartOnceFreeAsync(command);
        return Task.CompletedTask;
    }

    private bool Start(BootVm command) =>
        operations.TryStart(Key(command), "boot-vm", ct => booter.BootAsync(command, ct), e => booter.FailUnexpectedAsync(command, e),
            ("vm.id", command.VmId), ("host", command.Host));

    private async Task StartOnceFreeAsync(BootVm command)
    {
        await operations.WhenEndedAsync(Key(command), PreviousBootGrace);
        if (Start(command))
            log.LogInformation("VM {VmId}: booting once its previous boot on {Host} had ended", command.VmId, command.Host);
        else
            log.LogWarning("VM {VmId}: boot on {Host} refused: the VM's previous boot still runs here after {Grace} s", command.VmId, command.Host, PreviousBootGrace.TotalSeconds);
    }

    private static string Key(BootVm command) => $"boot:{command.VmId}";
}

public sealed class PrepareIncomingConsumer(IncomingPreparer preparer, OperationRunner operations, IOptions<ExecutorOptions> options, ILogger<PrepareIncomingConsumer> logger)
    : HostCommandConsumer<PrepareIncoming>(options, logger)
{
    protected override Task Handle(ConsumeContext<PrepareIncoming> context)
    {
        var command = context.Message;
        operations.TryStart($"prepare:{command.RunId}", "prepare-incoming", ct => preparer.PrepareAsync(command, ct),
            e => preparer.FailUnexpectedAsync(command, e), ("run.id", command.RunId), ("vm.id", command.VmId), ("host", command.Host));
        return Task.CompletedTask;
    }
}

public sealed class StartMigrationConsumer(MigrationDriver driver, OperationRunner operations, IOptions<ExecutorOptions> options, ILogger<StartMigrationConsumer> logger)
    : HostCommandConsumer<StartMigration>(options, logger)
{
    protected override Task Handle(ConsumeContext<StartMigration> context)
    {
        var command = context.Message;
        operations.TryStart($"migrate:{command.RunId}", "migrate", ct => driver.MigrateAsync(command, ct),
            e => driver.FailUnexpectedAsync(command, e), ("run.id", command.RunId), ("vm.id", command.VmId), ("migration.mode", command.Migration.Mode.ToString()),
            ("source", command.Host), ("destination", command.DestinationHost));
        return Task.CompletedTask;
    }
}

public sealed class ProbeDirtyRateConsumer(MigrationDriver driver, IOptions<ExecutorOptions> options, ILogger<ProbeDirtyRateConsumer> logger)
    : HostCommandConsumer<ProbeDirtyRate>(options, logger)
{
    protected override Task Handle(ConsumeContext<ProbeDirtyRate> context)
    {
        driver.ProbeEarly(context.Message);
        return Task.CompletedTask;
    }
}

public sealed class CancelMigrationConsumer(MigrationDriver driver, IOptions<ExecutorOptions> options, ILogger<CancelMigrationConsumer> logger)
    : HostCommandConsumer<CancelMigration>(options, logger)
{
    protected override Task Handle(ConsumeContext<CancelMigration> context)
    {
        driver.Cancel(context.Message);
        return Task.CompletedTask;
    }
}

public sealed class ConfirmGuestConsumer(GuestConfirmer confirmer, IOptions<ExecutorOptions> options, ILogger<ConfirmGuestConsumer> logger)
    : HostCommandConsumer<ConfirmGuest>(options, logger)
{
    protected override async Task Handle(ConsumeContext<ConfirmGuest> context) =>
        await context.RespondAsync(await confirmer.ConfirmAsync(context.Message, context.CancellationToken));
}

public sealed class RecoverIncomingConsumer(IncomingRecoverer recoverer, IOptions<ExecutorOptions> options, ILogger<RecoverIncomingConsumer> logger)
    : HostCommandConsumer<RecoverIncoming>(options, logger)
{
    protected override async Task Handle(ConsumeContext<RecoverIncoming> context) =>
        await context.RespondAsync(await recoverer.RecoverAsync(context.Message, context.CancellationToken));
}

public sealed class AbortIncomingConsumer(VmRegistry vms, IOptions<ExecutorOptions> options, ILogger<AbortIncomingConsumer> logger)
    : HostCommandConsumer<AbortIncoming>(options, logger)
{
    protected override async Task Handle(ConsumeContext<AbortIncoming> context)
    {
        var command = context.Message;
        // Only a destination that has not taken the guest over may go: a confirmed guest lives here now.
        if (vms.TryGet(command.VmId, out var vm) && vm.State == VmState.Incoming && vm.RunId == command.RunId)
        {
            logger.LogInformation("Run {RunId}: destination QEMU of {VmId} on {Host} aborted: {Reason}", command.RunId, command.VmId, command.Host, command.Reason);
            await vms.DestroyAsync(command.VmId);
        }
    }
}

public sealed class DestroyVmConsumer(VmRegistry vms, IBus bus, IOptions<ExecutorOptions> options, ILogger<DestroyVmConsumer> logger)
    : HostCommandConsumer<DestroyVm>(options, logger)
{
    protected override async Task Handle(ConsumeContext<DestroyVm> context)
    {
        var command = context.Message;
        logger.LogInformation("Destroying VM {VmId} on {Host}: {Reason}", command.VmId, command.Host, command.Reason);
        await vms.DestroyAsync(command.VmId);
        await bus.Publish(new VmDestroyed { VmId = command.VmId, Host = command.Host });
    }
}
