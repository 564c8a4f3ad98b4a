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
    protected override Task Handle(ConsumeContext<BootVm> context)
    {
        var command = context.Message;
        operations.TryStart($"boot:{command.VmId}", "boot-vm", ct => booter.BootAsync(command, ct), e => booter.FailUnexpectedAsync(command, e),
            ("vm.id", command.VmId), ("host", command.Host));
        return Task.CompletedTask;
    }
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
