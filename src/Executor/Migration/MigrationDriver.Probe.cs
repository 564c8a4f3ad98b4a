using System.Collections.Concurrent;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;
using MigrationAspire.Executor.Vms;

namespace MigrationAspire.Executor.Migration;

// The dirty-rate probe, early when the scheduler asks for it (ProbeDirtyRate, sent as the destination is prepared:
// issue 17 measured the two one after the other, a second of every run spent waiting), or when the migration starts.
public sealed partial class MigrationDriver
{
    /// <summary>How long an early reading waits for its migration before it is dropped (the run ended another way).</summary>
    private static readonly TimeSpan EarlyProbeKept = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, EarlyProbe> earlyProbes = new();

    private sealed record EarlyProbe(QemuProcess Qemu, Task<DirtyRateReading?> Reading, DateTimeOffset StartedAt);

    /// <summary>Starts the probe of <see cref="ProbeDirtyRate.RunId"/> now, if its VM runs here and is not migrating.</summary>
    public void ProbeEarly(ProbeDirtyRate command)
    {
        if (finished.TryGet(command.RunId, out _) || active.ContainsKey(command.RunId))
            return;
        if (!vms.TryGet(command.VmId, out var vm) || vm.Qemu is not { } qemu || vm.State != VmState.Running)
        {
            logger.LogInformation("Run {RunId}: no early dirty-rate probe, VM {VmId} is not running on {Host}; the migration probes when it starts",
                command.RunId, command.VmId, command.Host);
            return;
        }
        DropStaleProbes();
        lock (earlyProbes)
        {
            if (earlyProbes.ContainsKey(command.RunId))
                return;
            var reading = ProbeAsync(command.RunId, qemu.Qmp, vm.Lifetime);
            // Observed here too: a reading no migration takes is dropped, its failure with it.
            _ = reading.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            earlyProbes[command.RunId] = new EarlyProbe(qemu, reading, DateTimeOffset.UtcNow);
        }
        logger.LogInformation("Run {RunId}: probing the dirty rate of {VmId} while the destination is prepared", command.RunId, command.VmId);
    }

    /// <summary>The run's early reading when there is one of this QEMU (waited for if still under way), else a probe now.</summary>
    private async Task<DirtyRateReading?> MeasureDirtyRateAsync(StartMigration command, QemuProcess qemu, CancellationToken cancellationToken)
    {
        if (earlyProbes.TryRemove(command.RunId, out var early) && ReferenceEquals(early.Qemu, qemu))
        {
            try
            {
                var reading = await early.Reading.WaitAsync(cancellationToken);
                logger.LogInformation("Run {RunId}: the dirty rate was probed while the destination was prepared", command.RunId);
                return reading;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Run {RunId}: the early dirty-rate probe failed ({Reason}); probing again", command.RunId, e.Message);
            }
        }
        return await ProbeAsync(command.RunId, qemu.Qmp, cancellationToken);
    }

    /// <summary>
    /// QEMU's dirty rate before migrating. A reading below the probe's resolution is measured once more over twice the
    /// time: a guest starved of CPU by a loaded host can miss its writes for a whole window (the quick seed study once
    /// read nothing for a 16 MiB sweep every 500 ms), and a starved window only ever reads low.
    /// </summary>
    private async Task<DirtyRateReading?> ProbeAsync(string runId, QmpClient qmp, CancellationToken cancellationToken)
    {
        var reading = await DirtyRateProbe.MeasureAsync(qmp, ProbeTime, cancellationToken);
        if (reading is not { PagesPerSecond: null })
            return reading;
        logger.LogInformation("Run {RunId}: the dirty-rate probe read below {Resolution} pages/s over {Seconds} s; measuring once more over {Again} s",
            runId, reading.ResolutionPagesPerSecond, ProbeTime.TotalSeconds, 2 * ProbeTime.TotalSeconds);
        return await DirtyRateProbe.MeasureAsync(qmp, 2 * ProbeTime, cancellationToken) ?? reading;
    }

    private void DropStaleProbes()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (runId, probe) in earlyProbes)
            if (now - probe.StartedAt > EarlyProbeKept)
                earlyProbes.TryRemove(new KeyValuePair<string, EarlyProbe>(runId, probe));
    }
}
