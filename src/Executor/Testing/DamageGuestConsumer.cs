using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Messaging;
using MigrationAspire.Executor.Vms;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Testing;

/// <summary>
/// Test only (<see cref="ExecutorOptions.TestCommands"/>): damages a running guest on this host, so that a test can see
/// the integrity check fire on a migration QEMU calls completed. A VM still booting is waited for (a test may ask
/// right after it sent the boot): the damage lands before the scheduler's migration of it can start.
/// </summary>
public sealed class DamageGuestConsumer(VmRegistry vms, IOptions<ExecutorOptions> options, ILogger<DamageGuestConsumer> logger)
    : HostCommandConsumer<DamageGuest>(options, logger)
{
    private static readonly TimeSpan BootWait = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    protected override async Task Handle(ConsumeContext<DamageGuest> context)
    {
        var command = context.Message;
        var answer = new GuestDamaged { VmId = command.VmId, Host = command.Host };
        try
        {
            var vm = await RunningAsync(command.VmId, context.CancellationToken);
            if (vm?.Qemu is not { } qemu)
            {
                await context.RespondAsync(answer with { Reason = $"host {command.Host} runs no guest {command.VmId}" });
                return;
            }
            var damaged = await qemu.Console.DamageAsync(command.Pages, command.Region, AnswerTimeout, context.CancellationToken);
            logger.LogWarning("TEST COMMAND: the guest of VM {VmId} on {Host} damaged {Pages} pages of its {Region} memory", command.VmId, command.Host, damaged.Pages, command.Region);
            await context.RespondAsync(answer with { Pages = damaged.Pages });
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await context.RespondAsync(answer with { Reason = e.Message });
        }
    }

    /// <summary>The VM once its guest runs here (its workload answers commands from READY on); null if it never does.</summary>
    private async Task<VmInstance?> RunningAsync(string vmId, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + BootWait;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (vms.TryGet(vmId, out var vm))
            {
                if (vm.State is VmState.Running or VmState.Migrating)
                    return vm;
                if (vm.State != VmState.Booting)
                    return null;
            }
            await Task.Delay(20, cancellationToken);
        }
        return null;
    }
}
