using System.Collections.Concurrent;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;
using MigrationAspire.Executor.Vms;

namespace MigrationAspire.Executor.Migration;

// The dirty-rate probe, early when the scheduler asks for it (ProbeDirtyRate, sent as the destination is prepared:
// issue 17 measured the two one after the other, a second of every run spent waiting), or when the migration starts;
// on a guest this host received in the VM's last run, the reading its check took (CheckReading) stands for it.
public sealed partial class MigrationDriver
{
    /// <summary>How long an early reading waits for its migration before it is dropped (the run ended another way).</summary>
    private static readonly TimeSpan EarlyProbeKept = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, EarlyProbe> earlyProbes = new();

    /// <summary>A run's reading taken before its migration starts; <paramref name="Note"/> says where from when not its own probe.</summary>
    private sealed record EarlyProbe(QemuProcess Qemu, Task<DirtyRateReading?> Reading, DateTimeOffset StartedAt, string? Note = null);

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
            if (FromCheck(command.RunId, vm, qemu) is { } taken)
            {
                earlyProbes[command.RunId] = taken;
                return;
            }
            var reading = ProbeAsync(command.RunId, qemu.Qmp, vm.Lifetime);
            // Observed here too: a reading no migration takes is dropped, its failure with it.
            _ = reading.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            earlyProbes[command.RunId] = new EarlyProbe(qemu, reading, DateTimeOffset.UtcNow);
        }
        logger.LogInformation("Run {RunId}: probing the dirty rate of {VmId} while the destination is prepared", command.RunId, command.VmId);
    }

    /// <summary>
    /// The run's early reading when there is one of this QEMU (waited for if still under way), else the one this host
    /// took while it checked the guest after its last run, else a probe now; with the note its result carries when the
    /// reading is not the run's own probe.
    /// </summary>
    private async Task<(DirtyRateReading? Reading, string? Note)> MeasureDirtyRateAsync(StartMigration command, VmInstance vm, QemuProcess qemu, CancellationToken cancellationToken)
    {
        if ((earlyProbes.TryRemove(command.RunId, out var early) ? early : FromCheck(command.RunId, vm, qemu)) is { } taken && ReferenceEquals(taken.Qemu, qemu))
        {
            try
            {
                var reading = await taken.Reading.WaitAsync(cancellationToken);
                if (taken.Note is null)
                    logger.LogInformation("Run {RunId}: the dirty rate was probed while the destination was prepared", command.RunId);
                return (reading, taken.Note);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Run {RunId}: the early dirty-rate probe failed ({Reason}); probing again", command.RunId, e.Message);
            }
        }
        return (await ProbeAsync(command.RunId, qemu.Qmp, cancellationToken), null);
    }

    /// <summary>
    /// The reading this host took of the guest while it checked it after the VM's last run, if it is fresh
    /// (<see cref="CheckReading.KeptFor"/>); taken once, whether used or too old.
    /// </summary>
    private EarlyProbe? FromCheck(string runId, VmInstance vm, QemuProcess qemu)
    {
        if (vm.ReadingForNextRun is not { } kept)
            return null;
        vm.ReadingForNextRun = null;
        if (kept.FreshAt(DateTimeOffset.UtcNow) is not { } age)
        {
            logger.LogInformation("Run {RunId}: the dirty rate read during the check after run {Checked} is {Age:0} ms old; probing now",
                runId, kept.CheckedRun, (DateTimeOffset.UtcNow - kept.EndedAt).TotalMilliseconds);
            return null;
        }
        logger.LogInformation("Run {RunId}: the dirty rate was read during the check after run {Checked}, {Age:0} ms ago; no probe now",
            runId, kept.CheckedRun, age.TotalMilliseconds);
        return new EarlyProbe(qemu, Task.FromResult<DirtyRateReading?>(kept.Reading), kept.EndedAt, kept.Note(options.Value.HostName, age));
    }

    /// <summary>
    /// QEMU's dirty rate before migrating. A reading below the probe's resolution is measured once more over twice the
    /// time: a guest starved of CPU by a loaded host can miss its writes for a whole window (the quick seed study once
    /// read nothing for a 16 MiB sweep every 500 ms), and a starved window only ever reads low.
    /// </summary>
    private async Task<DirtyRateReading?> ProbeAsync(string runId, QmpClient qmp, CancellationToken cancellationToken)
    {
        var reading = await DirtyRateProbe.MeasureAsync(qmp, DirtyRateProbe.Window, cancellationToken);
        if (reading is not { PagesPerSecond: null })
            return reading;
        logger.LogInformation("Run {RunId}: the dirty-rate probe read below {Resolution} pages/s over {Seconds} s; measuring once more over {Again} s",
            runId, reading.ResolutionPagesPerSecond, DirtyRateProbe.Window.TotalSeconds, 2 * DirtyRateProbe.Window.TotalSeconds);
        return await DirtyRateProbe.MeasureAsync(qmp, 2 * DirtyRateProbe.Window, cancellationToken) ?? reading;
    }

    private void DropStaleProbes()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (runId, probe) in earlyProbes)
            if (now - probe.StartedAt > EarlyProbeKept)
                earlyProbes.TryRemove(new KeyValuePair<string, EarlyProbe>(runId, probe));
    }
}
