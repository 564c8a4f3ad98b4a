using System.Globalization;
using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Qemu;

/// <summary>Everything that decides a QEMU command line; the argv is built from these typed values only.</summary>
public sealed record QemuLaunch(
    string VmId,
    string Directory,
    VmSpec Vm,
    WorkloadSpec Workload,
    string Accelerator,
    bool Incoming)
{
    /// <summary>The guest's heartbeat period (<c>ma.hb</c>): fine enough to resolve downtime to ~10 ms.</summary>
    public const int HeartbeatMs = 10;

    public string QmpSocket => Path.Combine(Directory, "qmp.sock");
    public string ConsoleSocket => Path.Combine(Directory, "console.sock");
    public string PidFile => Path.Combine(Directory, "qemu.pid");

    /// <summary>A fresh directory for one QEMU process of <paramref name="vmId"/>.</summary>
    public static string NewDirectory(string workDirectory, string vmId)
    {
        var directory = Path.Combine(Path.GetFullPath(workDirectory), $"{vmId}-{Guid.NewGuid():n}"[..(vmId.Length + 9)]);
        // Unix socket paths are limited to 107 bytes; fail with a reason rather than a cryptic bind error.
        if (Path.Combine(directory, "console.sock").Length > 107)
            throw new InvalidOperationException($"The work directory path is too long for QEMU's sockets: {directory}");
        return directory;
    }

    public IReadOnlyList<string> Arguments(GuestImage image)
    {
        if (Accelerator is not ("tcg" or "kvm"))
            throw new ArgumentException($"accelerator must be tcg or kvm, not '{Accelerator}'", nameof(Accelerator));
        var args = new List<string>
        {
            "-name", $"{VmId},process=qemu-{VmId}",
            "-accel", Accelerator,
            "-machine", "pc",
            "-m", Invariant(Vm.MemoryMiB),
            "-smp", Invariant(Vm.Vcpus),
            "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
            "-kernel", image.Kernel,
            "-initrd", image.Initrd,
            "-append", KernelCommandLine(Workload),
            // wait=on: QEMU starts the guest only once the executor reads the console, so no line is lost.
            "-chardev", $"socket,id=console,path={ConsoleSocket},server=on,wait=on",
            "-serial", "chardev:console",
            "-qmp", $"unix:{QmpSocket},server=on,wait=off",
            "-pidfile", PidFile,
        };
        if (Incoming)
            args.AddRange(["-incoming", "defer"]);
        return args;
    }

    /// <summary>
    /// The workload's parameters (guest/PROTOCOL.md) on the kernel command line. <c>no_timer_check</c>: under TCG on a
    /// loaded host the kernel's early check that the IO-APIC timer ticks can time out and panic the boot ("IO-APIC +
    /// timer doesn't work"), as virtual machines' kernels are commonly told to skip it.
    /// </summary>
    public static string KernelCommandLine(WorkloadSpec workload) => string.Join(' ',
        "console=ttyS0", "quiet", "loglevel=1", "no_timer_check",
        $"ma.ws={Invariant(workload.WorkingSetMiB)}",
        $"ma.rate={Invariant(workload.DirtyRatePagesPerSecond)}",
        $"ma.pattern={workload.Pattern.ToString().ToLowerInvariant()}",
        $"ma.hot={Invariant(workload.HotspotFraction)}",
        $"ma.hotshare={Invariant(workload.HotspotWriteShare)}",
        $"ma.sweepms={Invariant(workload.SweepIntervalMs)}",
        $"ma.resident={Invariant(workload.ResidentPercent)}",
        $"ma.hb={Invariant(HeartbeatMs)}");

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
