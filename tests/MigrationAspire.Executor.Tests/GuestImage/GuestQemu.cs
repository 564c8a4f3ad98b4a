using System.Diagnostics;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Qemu;
using Microsoft.Extensions.Logging.Abstractions;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// The installed QEMU and the built guest image (guest/build/current), started through the executor's own
/// <see cref="QemuLaunch"/> and <see cref="QemuProcess"/> under TCG. Anything missing fails the test with
/// what to do about it; nothing here ever skips.
/// </summary>
internal static class GuestQemu
{
    public const string Binary = "qemu-system-x86_64";

    /// <summary>The guest the lab's acceptance is about: 512 MiB, one vCPU.</summary>
    public static readonly VmSpec Vm = new() { MemoryMiB = 512, Vcpus = 1 };

    public const int PageSize = 4096;

    /// <summary>A busy guest: 128 MiB working set written sequentially at 20 000 pages/s.</summary>
    public static WorkloadSpec Sequential(int pagesPerSecond, int workingSetMiB = 128) => new()
    {
        WorkingSetMiB = workingSetMiB,
        DirtyRatePagesPerSecond = pagesPerSecond,
        Pattern = WorkloadPattern.Sequential,
    };

    /// <summary>The whole working set rewritten once every <paramref name="intervalMs"/>.</summary>
    public static WorkloadSpec Sweep(int workingSetMiB, int intervalMs = 1000) => new()
    {
        WorkingSetMiB = workingSetMiB,
        DirtyRatePagesPerSecond = 0,
        Pattern = WorkloadPattern.Sweep,
        SweepIntervalMs = intervalMs,
    };

    public static long WorkingSetPages(WorkloadSpec workload) => workload.WorkingSetMiB * (1024L * 1024 / PageSize);

    private static readonly Lazy<GuestImage> image = new(LoadImage);

    /// <summary>The built image; fails the test when guest/build.sh has not been run.</summary>
    public static GuestImage Image => image.Value;

    /// <summary>Fails the test, never skips it, when QEMU is missing: the lab cannot work without it.</summary>
    public static string BinaryPath
    {
        get
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, Binary))
                .FirstOrDefault(File.Exists);
            if (found is null)
                Assert.Fail($"{Binary} is not on PATH. Install QEMU >= 9.0 (scripts/prereqs.sh does, from bookworm-backports on Debian 12).");
            return found;
        }
    }

    /// <summary>
    /// Starts QEMU for the guest (a destination with <paramref name="incoming"/>; <see cref="Vm"/> unless
    /// <paramref name="vm"/> says otherwise) and connects console and QMP.
    /// </summary>
    public static async Task<QemuProcess> StartAsync(
        string workDirectory, string vmId, WorkloadSpec workload, bool incoming, CancellationToken cancellationToken, VmSpec? vm = null)
    {
        var launch = new QemuLaunch(vmId, QemuLaunch.NewDirectory(workDirectory, vmId), vm ?? Vm, workload, "tcg", incoming);
        return await QemuProcess.StartAsync(BinaryPath, launch, Image, NullLogger.Instance, cancellationToken)
            .WaitAsync(GuestTimeouts.Start, cancellationToken);
    }

    /// <summary>Boots the guest and waits for its READY line; the QEMU process is the caller's to dispose.</summary>
    public static async Task<BootedGuest> BootAsync(
        string workDirectory, string vmId, WorkloadSpec workload, TimeSpan readyWithin, CancellationToken cancellationToken, VmSpec? vm = null)
    {
        var qemu = await StartAsync(workDirectory, vmId, workload, incoming: false, cancellationToken, vm);
        try
        {
            var (ready, readyAt) = await qemu.Console.Ready.WaitAsync(readyWithin, cancellationToken);
            return new BootedGuest(qemu, ready, readyAt, readyAt - qemu.StartedAt);
        }
        catch (Exception e)
        {
            var console = qemu.Console.Tail();
            var stderr = qemu.Diagnostics;
            await qemu.DisposeAsync();
            if (e is TimeoutException or InvalidOperationException)
                throw new InvalidOperationException(
                    $"The guest {vmId} ({Describe(workload)}) was not READY within {readyWithin.TotalSeconds:0} s: {e.Message}; console: {console}; QEMU: {stderr}", e);
            throw;
        }
    }

    public static string Describe(WorkloadSpec workload) => workload.Pattern == WorkloadPattern.Sweep
        ? $"sweep of {workload.WorkingSetMiB} MiB every {workload.SweepIntervalMs} ms"
        : $"{workload.Pattern.ToString().ToLowerInvariant()} {workload.DirtyRatePagesPerSecond} pages/s over {workload.WorkingSetMiB} MiB";

    private static GuestImage LoadImage()
    {
        var directory = Path.Combine(RepositoryRoot(), "guest", "build", "current");
        try
        {
            return GuestImage.Load(directory);
        }
        catch (InvalidOperationException e)
        {
            Assert.Fail($"{e.Message} (./lab test builds it before the tests; by hand: guest/build.sh)");
            throw;
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "guest", "build.sh")))
                return directory.FullName;
        }
        Assert.Fail($"No guest/build.sh above {AppContext.BaseDirectory}: the tests must run from a checkout of the repository.");
        throw new UnreachableException();
    }
}

/// <summary>A guest whose workload printed READY; <see cref="BootTime"/> runs from QEMU's start to READY's arrival.</summary>
internal sealed record BootedGuest(QemuProcess Qemu, GuestLine.Ready Ready, DateTimeOffset ReadyAt, TimeSpan BootTime);

internal static class GuestTimeouts
{
    /// <summary>QEMU up with its console and QMP connected.</summary>
    public static readonly TimeSpan Start = TimeSpan.FromSeconds(30);

    /// <summary>The acceptance's bound for a boot to READY.</summary>
    public static readonly TimeSpan Boot = TimeSpan.FromSeconds(30);

    /// <summary>A busy guest's pre-copy over loopback takes ~3 s here; ten times that is a broken migration.</summary>
    public static readonly TimeSpan Migration = TimeSpan.FromSeconds(60);

    /// <summary>A verify of 128 MiB takes ~0.1 s under TCG.</summary>
    public static readonly TimeSpan Verify = TimeSpan.FromSeconds(30);

    /// <summary>No test of the guest may run longer than this, whatever happens.</summary>
    public static readonly TimeSpan Test = TimeSpan.FromMinutes(4);
}
