using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qmp;
using MigrationAspire.Executor.Recovery;

namespace MigrationAspire.Executor.Migration;

// A link that fails mid-migration. A dead TCP link fails nothing by itself: QEMU's stream only stalls until the
// kernel gives up minutes later. So, as a management layer that lost its peer would, the monitor ends a pre-copy
// at once (the source still holds the whole guest) and pauses a post-copy, which it then recovers.
public sealed partial class MigrationMonitor
{
    private TaskCompletionSource linkUp = NewLinkUp(done: true);
    private TimeSpan linkDownAt;
    private bool linkDownHandled = true;
    private bool endedByLink;
    private PostcopyRecovery? resumer;

    private string LinkName => outage?.Link ?? "the migration link";

    /// <summary>Cuts the link <see cref="LinkOutagePlan.At"/> after <c>migrate</c>, and marks it up again after its duration.</summary>
    private async Task CutLinkAsync(LinkOutagePlan plan, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(plan.At, cancellationToken);
            linkUp = NewLinkUp(done: false);
            await plan.CutAsync(plan.Duration, cancellationToken);
            linkDownAt = clock.Elapsed;
            linkDownHandled = false;
            logger.LogInformation("Run {RunId}: {Link} cut for {Duration:F0} ms, {At:F1} s into the migration", runId, plan.Link, plan.Duration.TotalMilliseconds, clock.Elapsed.TotalSeconds);
            wake.Release();
            await Task.Delay(plan.Duration, cancellationToken);
        }
        finally
        {
            linkUp.TrySetResult();
        }
    }

    /// <summary>Returns true when the link was the news of this sample (the limits wait for the next one).</summary>
    private async Task<bool> HandleLinkAsync(MigrationInfo info, CancellationToken cancellationToken)
    {
        if (info.Status == MigrationStatus.PostcopyPaused)
        {
            await ResumePostcopyAsync(cancellationToken);
            return true;
        }
        if (linkDownHandled)
            return false;
        linkDownHandled = true;
        if (info.Status == MigrationStatus.PostcopyActive)
        {
            logger.LogInformation("Run {RunId}: {Link} is down: pausing the post-copy", runId, LinkName);
            try
            {
                await qmp.MigratePauseAsync(cancellationToken);
            }
            catch (QmpException e)
            {
                // It completed or paused by itself meanwhile: the next sample says which.
                logger.LogInformation("Run {RunId}: migrate-pause refused: {Reason}", runId, e.Description);
            }
            wake.Release();
            return true;
        }
        // Setup, active, pre-switchover, device: the source still holds the whole guest; end the migration, keep the guest.
        endedByLink = true;
        cancelReason ??= $"{LinkName} went down {linkDownAt.TotalSeconds:0.#} s into the migration ({outage?.Duration.TotalMilliseconds:0} ms outage) while {info.Status}: " +
            "a migration that is not yet post-copy cannot go on without its link; the guest stays on the source";
        logger.LogInformation("Run {RunId}: {Reason}", runId, cancelReason);
        try
        {
            await qmp.MigrateCancelAsync(cancellationToken);
        }
        catch (QmpException e)
        {
            logger.LogInformation("Run {RunId}: migrate_cancel refused: {Reason}", runId, e.Description);
        }
        return true;
    }

    private async Task ResumePostcopyAsync(CancellationToken cancellationToken)
    {
        var pausedAt = DateTimeOffset.UtcNow;
        // The pause is the answer to a link that went down: once resumed, post-copy must not be paused again for it.
        linkDownHandled = true;
        await samples.WriteAsync(runId, new LiveSample { AtMs = clock.Elapsed.TotalMilliseconds, Status = MigrationStatus.PostcopyPaused });
        if (recovery is null)
        {
            cancelReason ??= "post-copy paused and this run has no way to recover it: the guest is lost";
            final.TrySetResult(MigrationStatus.Failed);
            return;
        }
        resumer ??= new PostcopyRecovery(qmp, recovery, TimeSpan.FromSeconds(spec.MaxTimeSeconds), logger);
        logger.LogInformation("Run {RunId}: post-copy paused ({Link}); recovering", runId, LinkName);
        if (await resumer.RecoverAsync(pausedAt, linkUp.Task, LinkName, cancellationToken) is { } lost)
        {
            endedByLink = true;
            cancelReason ??= lost;
            final.TrySetResult(MigrationStatus.Failed);
        }
    }

    private static TaskCompletionSource NewLinkUp(bool done)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (done)
            source.SetResult();
        return source;
    }
}
