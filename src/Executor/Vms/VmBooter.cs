using System.Diagnostics;
using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Qemu;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Vms;

/// <summary>Boots a guest and waits until its workload holds the target dirty rate.</summary>
public sealed class VmBooter(
    VmRegistry vms,
    HostRuntime runtime,
    IBus bus,
    IOptions<ExecutorOptions> options,
    ILogger<VmBooter> logger)
{
    public async Task BootAsync(BootVm command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (vms.TryGet(command.VmId, out var existing))
        {
            // A duplicate command: the boot in progress will answer, a finished one answers again.
            if (existing.State == VmState.Running && existing.Qemu is { } running)
                await PublishBooted(command, running, await running.Console.Ready);
            return;
        }
        var vm = new VmInstance(command.VmId, command.Vm, command.Workload);
        if (await vms.AdmitAndStartAsync(vm, incoming: false, cancellationToken) is { } refusal)
        {
            await Fail(command, refusal);
            return;
        }

        using var boot = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, vm.Lifetime);
        try
        {
            var ready = await vm.Qemu!.Console.Ready.WaitAsync(settings.BootTimeout, boot.Token);
            vm.ExpectedPages = ready.Line.CheckedPages;
            vm.State = VmState.Running;
            await PublishBooted(command, vm.Qemu, ready);
        }
        catch (Exception e) when (e is TimeoutException or QemuFailedException or InvalidOperationException or IOException)
        {
            var console = vm.Qemu?.Console.Tail() ?? "";
            var reason = e is TimeoutException
                ? $"the guest's workload was not ready within {settings.BootTimeout.TotalSeconds:0.#} s; console: {console}"
                : $"{e.Message}{(console.Length > 0 ? $"; console: {console}" : "")}";
            await vms.DestroyAsync(command.VmId);
            await Fail(command, reason);
        }
        catch (OperationCanceledException)
        {
            await vms.DestroyAsync(command.VmId);
            throw;
        }
    }

    private Task PublishBooted(BootVm command, QemuProcess qemu, (GuestLine.Ready Line, DateTimeOffset At) ready)
    {
        var bootMs = (ready.At - qemu.StartedAt).TotalMilliseconds;
        var kernelMs = qemu.Console.Start is { } start ? (start.At - qemu.StartedAt).TotalMilliseconds : (double?)null;
        logger.LogInformation("VM {VmId} booted on {Host} in {BootMs:F0} ms: kernel {KernelMs:F0} ms, {ResidentPages} resident pages filled in {ResidentMs} ms, working set in {FillMs} ms",
            command.VmId, command.Host, bootMs, kernelMs, ready.Line.ResidentPages, ready.Line.ResidentFillMs, ready.Line.FillMs);
        Activity.Current?.SetTag("boot.ms", bootMs);
        Activity.Current?.SetTag("boot.resident_fill.ms", ready.Line.ResidentFillMs);
        return bus.Publish(new VmBooted
        {
            VmId = command.VmId,
            Host = command.Host,
            BootTimeMs = bootMs,
            Accelerator = runtime.Accelerator.Accelerator,
            QemuVersion = runtime.Accelerator.QemuVersion,
            BootedAt = ready.At,
            KernelBootMs = kernelMs,
            ResidentFillMs = ready.Line.ResidentFillMs,
            WorkingSetFillMs = ready.Line.FillMs,
            ResidentPages = ready.Line.ResidentPages,
        });
    }

    /// <summary>The boot threw what it does not handle: the guest goes, and the scheduler hears why.</summary>
    public async Task FailUnexpectedAsync(BootVm command, Exception e)
    {
        await vms.DestroyAsync(command.VmId);
        await Fail(command, $"the executor failed while booting: {e.GetType().Name}: {e.Message}");
    }

    private Task Fail(BootVm command, string reason)
    {
        logger.LogWarning("VM {VmId} did not boot on {Host}: {Reason}", command.VmId, command.Host, reason);
        return bus.Publish(new VmBootFailed { VmId = command.VmId, Host = command.Host, Reason = reason });
    }
}
