using System.Collections.Concurrent;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Network;
using MigrationAspire.Executor.Qemu;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;

namespace MigrationAspire.Executor.Vms;

/// <summary>The VMs on this host, and its capacity: a VM that does not fit is refused before anything starts.</summary>
public sealed class VmRegistry(IOptions<ExecutorOptions> options, HostRuntime runtime, HostNetwork network, ILogger<VmRegistry> logger)
{
    private readonly ConcurrentDictionary<string, VmInstance> vms = new();
    private readonly Lock admission = new();

    public int MemoryUsedMiB => vms.Values.Sum(v => v.Vm.MemoryMiB);

    public bool TryGet(string vmId, out VmInstance vm) => vms.TryGetValue(vmId, out vm!);

    /// <summary>
    /// Admits <paramref name="vm"/> and starts its QEMU (a destination's when <paramref name="incoming"/>): null once
    /// it runs, else why this host cannot take it, with nothing left behind. Both the boot and the prepare path start here.
    /// </summary>
    public async Task<string?> AdmitAndStartAsync(VmInstance vm, bool incoming, CancellationToken cancellationToken)
    {
        if (runtime.NotReadyReason is { } notReady)
            return notReady;
        if (!TryAdmit(vm, out var refusal))
            return refusal;
        using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, vm.Lifetime);
        try
        {
            await StartQemuAsync(vm, incoming, start.Token);
            return null;
        }
        catch (Exception e) when (e is QemuFailedException or InvalidOperationException or IOException or TimeoutException)
        {
            await DestroyAsync(vm.VmId);
            return e.Message;
        }
        catch (OperationCanceledException)
        {
            await DestroyAsync(vm.VmId);
            throw;
        }
    }

    /// <summary>Admits <paramref name="vm"/> if its id is free and it fits the host's budget; else says why not.</summary>
    private bool TryAdmit(VmInstance vm, out string refusal)
    {
        var budget = options.Value;
        lock (admission)
        {
            if (vms.ContainsKey(vm.VmId))
            {
                refusal = $"VM {vm.VmId} already exists on host {budget.HostName}";
                return false;
            }
            if (vms.Count + 1 > budget.MaxVms)
            {
                refusal = $"host {budget.HostName} runs {vms.Count} VMs, its limit is {budget.MaxVms}";
                return false;
            }
            var used = MemoryUsedMiB;
            if (used + vm.Vm.MemoryMiB > budget.MemoryBudgetMiB)
            {
                refusal = $"host {budget.HostName} has {budget.MemoryBudgetMiB - used} MiB of its {budget.MemoryBudgetMiB} MiB budget free; the VM needs {vm.Vm.MemoryMiB} MiB";
                return false;
            }
            vms[vm.VmId] = vm;
            refusal = "";
            return true;
        }
    }

    /// <summary>Starts the QEMU of an admitted VM (a destination's when <paramref name="incoming"/>), in a directory of its own.</summary>
    private async Task StartQemuAsync(VmInstance vm, bool incoming, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var launch = new QemuLaunch(vm.VmId, QemuLaunch.NewDirectory(settings.WorkDirectory, vm.VmId),
            vm.Vm, vm.Workload, runtime.Accelerator.Accelerator, incoming);
        vm.Qemu = await QemuProcess.StartAsync(settings.QemuBinary, launch, runtime.Image, logger, cancellationToken, network.CommandPrefix);
        ForgetWhenExited(vm);
    }

    /// <summary>When this VM's QEMU dies on its own, the VM is gone: forget it, so it holds no capacity.</summary>
    private void ForgetWhenExited(VmInstance vm)
    {
        var qemu = vm.Qemu ?? throw new InvalidOperationException("the VM has no QEMU yet");
        _ = qemu.Exited.ContinueWith(async _ =>
        {
            if (vms.TryGetValue(vm.VmId, out var current) && ReferenceEquals(current, vm) && !vm.Lifetime.IsCancellationRequested)
            {
                logger.LogWarning("QEMU {Pid} of VM {VmId} exited on its own: {Diagnostics}", qemu.Pid, vm.VmId, qemu.Diagnostics);
                if (vms.TryRemove(new KeyValuePair<string, VmInstance>(vm.VmId, vm)))
                    await vm.DisposeAsync();
            }
        }, TaskScheduler.Default);
    }

    /// <summary>Removes the VM and ends its QEMU. Idempotent.</summary>
    public async Task DestroyAsync(string vmId)
    {
        if (vms.TryRemove(vmId, out var vm))
            await vm.DisposeAsync();
    }

    public async Task DestroyAllAsync()
    {
        foreach (var id in vms.Keys.ToList())
            await DestroyAsync(id);
    }

    public IReadOnlyList<VmReport> Report() => vms.Values
        .Select(v => new VmReport
        {
            VmId = v.VmId,
            State = v.State,
            RunId = v.RunId,
            MemoryMiB = v.Vm.MemoryMiB,
        })
        .OrderBy(r => r.VmId, StringComparer.Ordinal)
        .ToList();
}
