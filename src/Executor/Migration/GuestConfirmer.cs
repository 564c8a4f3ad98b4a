using MigrationAspire.Contracts;
using MigrationAspire.Executor.Guest;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Vms;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Migration;

/// <summary>
/// The destination's verdict after switch-over (libvirt's Finish): the guest kept beating, and its workload
/// found every page of its working set as it left it. "completed" from QEMU is not proof of either
/// (docs/machine-facts.md, "QEMU ≥ 9.0 whenever TCG migrates").
/// </summary>
public sealed class GuestConfirmer(VmRegistry vms, IOptions<ExecutorOptions> options, ILogger<GuestConfirmer> logger)
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan VerifyTimeout = TimeSpan.FromSeconds(120);
    private const int MinimumHeartbeats = 5;

    public async Task<GuestConfirmed> ConfirmAsync(ConfirmGuest request, CancellationToken cancellationToken)
    {
        if (!vms.TryGet(request.VmId, out var vm) || vm.Incoming is not { } session || session.RunId != request.RunId || vm.Qemu is not { } qemu)
            return Unhealthy(request, $"host {request.Host} holds no incoming VM {request.VmId} for run {request.RunId}", 0);

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
            var wait = watchFrom + watch - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken);
            var beats = qemu.Console.HeartbeatsBetween(resumedAt - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow);
            var watched = beats.Count(b => b.At >= watchFrom);
            if (watched < MinimumHeartbeats)
                return Unhealthy(request, $"the guest printed {watched} heartbeats in the {watch.TotalMilliseconds:0} ms after the migration completed; console: {qemu.Console.Tail()}", qemu.CpuSeconds ?? 0);

            var verify = await qemu.Console.VerifyAsync(VerifyTimeout, cancellationToken);
            var errors = Math.Max(qemu.Console.LastHeartbeat?.Errors ?? 0, verify.Errors);
            var healthy = errors == 0 && verify.Checked > 0;
            var result = new GuestConfirmed
            {
                RunId = request.RunId,
                VmId = request.VmId,
                Host = request.Host,
                Healthy = healthy,
                Reason = healthy ? null : IntegrityReason(errors, qemu.Console.IntegrityErrors),
                ResumedAt = resumedAt,
                HeartbeatCount = beats.Count,
                Heartbeats = beats.Select(b => new HeartbeatStamp { Seq = b.Seq, At = b.At }).ToList(),
                IntegrityErrors = errors,
                PagesVerified = verify.Checked,
                CpuSeconds = qemu.CpuSeconds ?? 0,
            };
            if (healthy)
            {
                vm.State = VmState.Running;
                vm.RunId = null;
                vm.Incoming = null;
            }
            logger.LogInformation("Run {RunId}: guest {VmId} on {Host} {Verdict}: {Checked} pages verified, {Errors} integrity errors",
                request.RunId, request.VmId, request.Host, healthy ? "healthy" : "NOT healthy", verify.Checked, errors);
            return result;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return Unhealthy(request, e.Message, qemu.CpuSeconds ?? 0);
        }
    }

    private static string IntegrityReason(long errors, IReadOnlyList<GuestLine.Error> lines)
    {
        var examples = string.Join("; ", lines.Take(3).Select(e => $"page {e.Page} expected generation {e.ExpectedGeneration}, found index {e.FoundIndex} generation {e.FoundGeneration}"));
        return $"the guest found {errors} pages with unexpected contents after the migration ({examples})";
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
