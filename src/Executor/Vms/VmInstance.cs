using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qemu;

namespace MigrationAspire.Executor.Vms;

/// <summary>One VM on this host: its QEMU, what it is doing, and for which run.</summary>
public sealed class VmInstance(string vmId, VmSpec vm, WorkloadSpec workload) : IAsyncDisposable
{
    private readonly CancellationTokenSource lifetime = new();

    public string VmId { get; } = vmId;
    public VmSpec Vm { get; } = vm;
    public WorkloadSpec Workload { get; } = workload;
    public QemuProcess? Qemu { get; set; }
    public VmState State { get; set; } = VmState.Booting;
    public string? RunId { get; set; }

    /// <summary>
    /// Every page the guest's verify checks (working set and resident memory), as it announced them at boot; a
    /// destination learns it from the source when it confirms the guest. Null until known.
    /// </summary>
    public long? ExpectedPages { get; set; }

    /// <summary>
    /// The guest's dirty rate as read here during the check after it arrived, for its next run (which starts from
    /// here); taken by that run's probe, once. Null when there is none.
    /// </summary>
    public Migration.CheckReading? ReadingForNextRun { get; set; }

    /// <summary>Destination side: what the incoming migration did (set once it is prepared).</summary>
    public IncomingSession? Incoming { get; set; }

    /// <summary>Cancelled when the VM is destroyed: every operation on it stops.</summary>
    public CancellationToken Lifetime => lifetime.Token;

    public async ValueTask DisposeAsync()
    {
        await lifetime.CancelAsync();
        if (Qemu is not null)
            await Qemu.DisposeAsync();
        lifetime.Dispose();
    }
}
