using MigrationAspire.Contracts;

namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>
/// A guest booted once and migrated back and forth by several tests (booting under TCG is the slow part).
/// It knows which host it is on; if a test loses it, the next test boots it again.
/// </summary>
public sealed class TestVm(LabBus bus, string vmId, VmSpec vm, WorkloadSpec workload)
{
    public static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan MigrationTimeout = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim gate = new(1, 1);
    private int runs;

    public string VmId { get; } = vmId;
    public VmSpec Vm { get; } = vm;
    public WorkloadSpec Workload { get; } = workload;
    public string? Host { get; private set; }

    public string OtherHost => Host == "a" ? "b" : "a";

    public async Task<string> EnsureBootedAsync()
    {
        if (Host is not null)
            return Host;
        await bus.Send(new BootVm { VmId = VmId, Host = "a", Vm = Vm, Workload = Workload });
        var booted = await bus.WaitForEither<VmBooted, VmBootFailed>(b => b.VmId == VmId && b.Host == "a", f => f.VmId == VmId, BootTimeout);
        if (booted is VmBootFailed failed)
            throw new InvalidOperationException($"VM {VmId} did not boot: {failed.Reason}");
        Host = "a";
        return Host;
    }

    /// <summary>A new run id for this VM, as the scheduler would make one.</summary>
    public string NextRunId() => RunPlan.MakeRunId($"e2e-{VmId}", Interlocked.Increment(ref runs));

    /// <summary>Prepares the other host, migrates, and returns the executor's outcome (completed or failed).</summary>
    public async Task<object> MigrateAsync(MigrationSpec migration, Func<string, string, Task>? whileMigrating = null)
    {
        await gate.WaitAsync();
        try
        {
            var source = await EnsureBootedAsync();
            var destination = OtherHost;
            var runId = NextRunId();
            await bus.Send(new PrepareIncoming
            {
                RunId = runId, VmId = VmId, Host = destination, SourceHost = source, Vm = Vm, Workload = Workload, Migration = migration,
            });
            var prepared = await bus.WaitForEither<IncomingReady, IncomingFailed>(r => r.RunId == runId, f => f.RunId == runId, TimeSpan.FromMinutes(1));
            if (prepared is IncomingFailed failed)
                throw new InvalidOperationException($"host {destination} could not prepare: {failed.Reason}");
            await bus.Send(new StartMigration
            {
                RunId = runId, VmId = VmId, Host = source, DestinationHost = destination,
                MigrationUri = ((IncomingReady)prepared).MigrationUri, Migration = migration, Workload = Workload,
            });
            if (whileMigrating is not null)
                await whileMigrating(runId, destination);
            var outcome = await bus.WaitForEither<MigrationCompleted, MigrationFailed>(c => c.RunId == runId, f => f.RunId == runId, MigrationTimeout);
            Host = outcome switch
            {
                MigrationCompleted => destination,
                MigrationFailed { Guest: GuestLocation.Source } => source,
                MigrationFailed { Guest: GuestLocation.Destination } => destination,
                _ => null,
            };
            return outcome;
        }
        finally
        {
            gate.Release();
        }
    }
}
