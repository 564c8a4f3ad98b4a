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

    /// <summary>
    /// Boots the guest on host a, or on b when a is full (its VM count or memory budget: which shared guests sit on a
    /// depends on how often each has migrated, and so on the order the test classes run in). Migrations go between a
    /// and b either way (<see cref="OtherHost"/>). Any other refusal fails at once, with its reason.
    /// </summary>
    public async Task<string> EnsureBootedAsync()
    {
        if (Host is not null)
            return Host;
        string? fullOnA = null;
        foreach (var host in (string[])["a", "b"])
        {
            // Only answers to this boot: the bus keeps every message, and an earlier boot of this id may have answered.
            var earlier = bus.All<VmBooted>().Cast<object>().Concat(bus.All<VmBootFailed>()).ToHashSet(ReferenceEqualityComparer.Instance);
            await bus.Send(new BootVm { VmId = VmId, Host = host, Vm = Vm, Workload = Workload });
            var answer = await bus.WaitForEither<VmBooted, VmBootFailed>(
                b => b.VmId == VmId && b.Host == host && !earlier.Contains(b), f => f.VmId == VmId && f.Host == host && !earlier.Contains(f), BootTimeout);
            if (answer is VmBooted)
                return Host = host;
            var reason = ((VmBootFailed)answer).Reason;
            if (host == "b" || !IsFull(reason))
                throw new InvalidOperationException($"VM {VmId} did not boot on {host}: {reason}{(fullOnA is null ? "" : $" (host a was full: {fullOnA})")}");
            fullOnA = reason;
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>The executor's refusals for a host without room (VmRegistry).</summary>
    private static bool IsFull(string reason) =>
        reason.Contains("its limit is", StringComparison.Ordinal) || reason.Contains("MiB budget free", StringComparison.Ordinal);

    /// <summary>Ends the guest wherever it is, so its memory is free for the next test.</summary>
    public async Task DestroyAsync()
    {
        if (Host is not { } host)
            return;
        await bus.Send(new DestroyVm { VmId = VmId, Host = host, Reason = "the test is done with it" });
        await bus.WaitFor<VmDestroyed>(d => d.VmId == VmId && d.Host == host, TimeSpan.FromMinutes(1));
        Host = null;
    }

    /// <summary>A new run id for this VM, as the scheduler would make one.</summary>
    public string NextRunId() => RunPlan.MakeRunId($"e2e-{VmId}", Interlocked.Increment(ref runs));

    /// <summary>Prepares the other host, migrates, and returns the executor's outcome (completed or failed).</summary>
    /// <param name="uri">What the test sends as the migration URI instead of the one the destination gave (for refusals).</param>
    public async Task<object> MigrateAsync(MigrationSpec migration, Func<string, string, Task>? whileMigrating = null, NetworkSpec? network = null, Func<string, string>? uri = null)
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
                MigrationUri = uri?.Invoke(((IncomingReady)prepared).MigrationUri) ?? ((IncomingReady)prepared).MigrationUri, Migration = migration, Workload = Workload, Network = network ?? new(),
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
