using System.Collections.Concurrent;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Vms;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Migration;

/// <summary>
/// The destination's verdict after switch-over (libvirt's Finish): the guest kept beating at its cadence, and its
/// workload found every page it holds — working set and resident memory, as many as it announced at boot — as it
/// left them. "completed" from QEMU is not proof of either (<see cref="GuestVerdict"/>;
/// docs/machine-facts.md, "QEMU ≥ 9.0 whenever TCG migrates").
/// </summary>
public sealed class GuestConfirmer(VmRegistry vms, IOptions<ExecutorOptions> options, ILogger<GuestConfirmer> logger)
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(60);
    // How long past its window the check waits for the next run's probe before it verifies without it.
    private static readonly TimeSpan NextRunProbeSlack = TimeSpan.FromSeconds(1);
    private const int VerdictsKept = 64;

    // One verdict per run. The source asks again when no answer came (a reply sent while RabbitMQ restarted is lost,
    // and the source would then resume its copy while this one runs on): the repeated request gets the first one's
    // verdict, the same inspection, not a second one that finds the guest already taken over.
    private readonly ConcurrentDictionary<string, Lazy<Task<GuestConfirmed>>> verdicts = new();
    private readonly ConcurrentQueue<string> verdictOrder = new();

    public Task<GuestConfirmed> ConfirmAsync(ConfirmGuest request, CancellationToken cancellationToken)
    {
        var added = false;
        var verdict = verdicts.GetOrAdd(request.RunId, _ =>
        {
            added = true;
            // Not the request's token: a later request for this run waits for the same verdict.
            return new Lazy<Task<GuestConfirmed>>(() => InspectAsync(request, CancellationToken.None));
        });
        if (added)
        {
            verdictOrder.Enqueue(request.RunId);
            while (verdictOrder.Count > VerdictsKept && verdictOrder.TryDequeue(out var old))
                verdicts.TryRemove(old, out _);
        }
        else
        {
            logger.LogInformation("Run {RunId}: the source asked again for guest {VmId}'s verdict; answering with the first one", request.RunId, request.VmId);
        }
        return verdict.Value.WaitAsync(cancellationToken);
    }

    private async Task<GuestConfirmed> InspectAsync(ConfirmGuest request, CancellationToken cancellationToken)
    {
        if (!vms.TryGet(request.VmId, out var vm) || vm.Incoming is not { } session || session.RunId != request.RunId || vm.Qemu is not { } qemu)
            return Unhealthy(request, $"host {request.Host} holds no incoming VM {request.VmId} for run {request.RunId}", 0);
        if (request.ExpectedPages is not { } expectedPages)
            return Unhealthy(request, "the source did not say how many pages the guest holds, so its verify cannot be checked", qemu.CpuSeconds ?? 0);

        try
        {
            var outcome = await session.Outcome.WaitAsync(ArrivalTimeout, cancellationToken);
            if (outcome != MigrationStatus.Completed)
                return Unhealthy(request, $"the incoming migration did not complete: {outcome}", qemu.CpuSeconds ?? 0);
            if (session.ResumedAt is not { } resumedAt)
                return Unhealthy(request, "the destination guest never resumed", qemu.CpuSeconds ?? 0);

            // Watch the guest run on its own for a while before verifying (verification pauses its page writes).
            // The watch starts once every page is here: during post-copy the guest stalls on every page it
            // has not got yet, which is the migration's cost, not a sign the guest is unwell.
            var watchFrom = session.CompletedAt is { } completed && completed > resumedAt ? completed : resumedAt;
            var watch = options.Value.ConfirmWatch;
            var nextRunProbe = options.Value.ProbeDuringCheck ? ProbeForNextRunAsync(request, qemu, vm.Lifetime) : null;
            var steadyFrom = GuestInspection.SteadyFrom(watchFrom, watch);
            await DelayUntilAsync(steadyFrom, cancellationToken);
            var hostWait = RunQueueWait.Start(qemu.Pid);
            await DelayUntilAsync(watchFrom + watch, cancellationToken);
            var console = qemu.Console;
            if (console.LastHeartbeat is not { } last || last.At < watchFrom)
                return Unhealthy(request, $"the guest printed no heartbeat in the {watch.TotalMilliseconds:0} ms after the migration completed; console: {console.Tail()}", qemu.CpuSeconds ?? 0);
            // Verification pauses the guest's page writes: the probe's window must be over before it starts.
            var reading = nextRunProbe is null ? null : await nextRunProbe;

            var inspection = await GuestInspection.RunAsync(console, resumedAt, steadyFrom, expectedPages, cancellationToken, hostWait);
            var (evidence, beats, healthy) = (inspection.Evidence, inspection.Heartbeats, inspection.Healthy);
            var result = new GuestConfirmed
            {
                RunId = request.RunId,
                VmId = request.VmId,
                Host = request.Host,
                Healthy = healthy,
                Reason = healthy ? null : string.Join("; ", inspection.Problems),
                ResumedAt = resumedAt,
                HeartbeatCount = beats.Count,
                Heartbeats = beats.Select(b => new HeartbeatStamp { Seq = b.Seq, At = b.At }).ToList(),
                IntegrityErrors = inspection.IntegrityErrors,
                PagesVerified = evidence.Verify.Checked,
                CpuSeconds = qemu.CpuSeconds ?? 0,
                PostcopyBlocktimeMs = session.PostcopyBlocktimeMs,
                PostcopyVcpuBlocktimeMs = session.PostcopyVcpuBlocktimeMs,
            };
            if (healthy)
            {
                vm.State = VmState.Running;
                vm.RunId = null;
                vm.Incoming = null;
                vm.ExpectedPages = expectedPages;
                vm.ReadingForNextRun = reading;
            }
            logger.LogInformation("Run {RunId}: guest {VmId} on {Host} {Verdict}: {Checked} of {Expected} pages verified, {Errors} integrity errors, {Printed} of {Due} heartbeats in the watch",
                request.RunId, request.VmId, request.Host, healthy ? "healthy" : "NOT healthy", evidence.Verify.Checked, expectedPages, result.IntegrityErrors,
                evidence.Cadence.Printed, evidence.Cadence.Due);
            return result;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return Unhealthy(request, e.Message, qemu.CpuSeconds ?? 0);
        }
    }

    /// <summary>
    /// Issue 17: the VM's next run starts from this host and would spend a second probing this guest; it is measured
    /// during the watch instead (page sampling does not stop the guest; the migration it follows is over). Null when
    /// there is no reading to keep: QEMU gave none, it read below the resolution (a run probes again, longer, itself),
    /// or it did not finish in time. Never throws: the verdict does not depend on it.
    /// </summary>
    private async Task<CheckReading?> ProbeForNextRunAsync(ConfirmGuest request, QemuProcess qemu, CancellationToken lifetime)
    {
        try
        {
            logger.LogInformation("Run {RunId}: probing the dirty rate of {VmId} during its check, for its next run", request.RunId, request.VmId);
            var reading = await DirtyRateProbe.MeasureAsync(qemu.Qmp, DirtyRateProbe.Window, lifetime).WaitAsync(DirtyRateProbe.Window + NextRunProbeSlack, lifetime);
            return reading is { PagesPerSecond: not null } ? new CheckReading(reading, request.RunId, DateTimeOffset.UtcNow) : null;
        }
        catch (Exception e)
        {
            logger.LogInformation("Run {RunId}: no dirty-rate reading from the check for the next run ({Reason})", request.RunId, e.Message);
            return null;
        }
    }

    private static async Task DelayUntilAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var wait = at - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, cancellationToken);
    }

    private GuestConfirmed Unhealthy(ConfirmGuest request, string reason, double cpuSeconds)
    {
        logger.LogWarning("Run {RunId}: guest {VmId} on {Host} not confirmed: {Reason}", request.RunId, request.VmId, request.Host, reason);
        return new GuestConfirmed
        {
            RunId = request.RunId,
            VmId = request.VmId,
            Host = request.Host,
            Healthy = false,
            Reason = reason,
            HeartbeatCount = 0,
            Heartbeats = [],
            IntegrityErrors = 0,
            PagesVerified = 0,
            CpuSeconds = cpuSeconds,
        };
    }
}
