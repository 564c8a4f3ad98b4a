using MigrationAspire.Contracts;
using MigrationAspire.Executor.Convergence;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Observability;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;
using MigrationAspire.Executor.Recovery;
using Microsoft.Extensions.Logging.Abstractions;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// A small guest migrated over loopback by the executor's own <see cref="MigrationMonitor"/>, with a link outage
/// planned into it. Loopback cannot be cut, so the planned cut only records when it was asked for: what breaks the
/// stream is what the monitor does about a dead link (migrate-pause of a post-copy, migrate_cancel of a pre-copy),
/// exactly as with a real link, whose TCP stream would only stall. The destination listens again through the
/// destination executor's own <see cref="IncomingRecoverer.ListenAgainAsync"/>.
/// </summary>
internal sealed class OutageRun : IAsyncDisposable
{
    public static readonly VmSpec SmallVm = new() { MemoryMiB = 256, Vcpus = 1 };
    public static readonly WorkloadSpec Workload = GuestQemu.Sequential(5_000, workingSetMiB: 32);
    public const string Link = "the loopback link";

    private readonly string runId;
    private readonly MigrationSpec spec;
    private readonly LinkOutagePlan plan;
    private readonly RedisServer redis;

    private OutageRun(string runId, MigrationSpec spec, TimeSpan at, TimeSpan duration, RedisServer redis, QemuProcess source, LocalMigration migration)
    {
        (this.runId, this.spec, this.redis, Source, Migration) = (runId, spec, redis, source, migration);
        plan = new LinkOutagePlan(Link, at, duration, (d, _) =>
        {
            Cuts.Add((DateTimeOffset.UtcNow, d));
            return Task.CompletedTask;
        });
    }

    public QemuProcess Source { get; }
    public LocalMigration Migration { get; }
    public List<(DateTimeOffset At, TimeSpan Duration)> Cuts { get; } = [];

    public static async Task<OutageRun> PrepareAsync(
        string workDirectory, string name, MigrationSpec spec, TimeSpan at, TimeSpan duration, RedisServer redis, CancellationToken cancellationToken)
    {
        var booted = await GuestQemu.BootAsync(workDirectory, $"{name}-a", Workload, GuestTimeouts.Boot, cancellationToken, SmallVm);
        try
        {
            var migration = await LocalMigration.PrepareAsync(booted.Qemu, workDirectory, $"{name}-b", cancellationToken, spec);
            return new OutageRun($"run-{name}", spec, at, duration, redis, booted.Qemu, migration);
        }
        catch
        {
            await booted.Qemu.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <c>migrate</c> and follows it with the monitor, as the executor's MigrationDriver does.</summary>
    public async Task<MonitorReport> MigrateAsync(CancellationToken cancellationToken)
    {
        using var events = Source.Qmp.SubscribeEvents();
        var samples = new LiveSampleWriter(redis.Connection, new MigrationInstruments(new System.Diagnostics.Metrics.Meter("test")), NullLogger<LiveSampleWriter>.Instance);
        var monitor = new MigrationMonitor(runId, spec, Source.Qmp, events, samples, ConvergenceController.For(spec, SmallVm, probedDirtyPagesRate: null),
            TimeSpan.FromMilliseconds(200), NullLogger.Instance,
            new LoopbackDestination(Migration.Destination.Qmp), plan);
        await Migration.StartAsync(cancellationToken);
        return await monitor.RunAsync(cancellationToken).WaitAsync(GuestTimeouts.Migration, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Migration.DisposeAsync();
        await Source.DisposeAsync();
    }

    private sealed class LoopbackDestination(QmpClient destination) : IIncomingRecovery
    {
        private string? previous;

        public async Task<string> ListenAgainAsync(CancellationToken cancellationToken) =>
            previous = await IncomingRecoverer.ListenAgainAsync(destination, "127.0.0.1", previous, cancellationToken);
    }
}
