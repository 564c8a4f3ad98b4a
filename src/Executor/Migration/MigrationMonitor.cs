using System.Diagnostics;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Convergence;
using MigrationAspire.Executor.Qmp;
using MigrationAspire.Executor.Recovery;

namespace MigrationAspire.Executor.Migration;

/// <summary>
/// Follows one migration on the source: samples <c>query-migrate</c> into the run's Redis stream, keeps one
/// record per pass, switches to post-copy when asked, enforces the pass and time limits, carries out what the
/// run's convergence policy decides (<see cref="ConvergenceController"/>; MigrationMonitor.Convergence.cs), and deals
/// with a link that fails (MigrationMonitor.Link.cs): <paramref name="recovery"/> resumes a paused post-copy,
/// <paramref name="outage"/> cuts the link on purpose.
/// </summary>
public sealed partial class MigrationMonitor(
    string runId,
    MigrationSpec spec,
    QmpClient qmp,
    QmpEventSubscription events,
    LiveSampleWriter samples,
    ConvergenceController convergence,
    TimeSpan sampleInterval,
    ILogger logger,
    IIncomingRecovery? recovery = null,
    LinkOutagePlan? outage = null)
{
    private static readonly TimeSpan HardGrace = TimeSpan.FromSeconds(60);

    private readonly TaskCompletionSource<string> final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim wake = new(0);
    private readonly List<PassRecord> passes = [];
    private readonly Stopwatch clock = new();
    private DateTimeOffset? stoppedAt;
    private DateTimeOffset? postcopyAt;
    private string? limitReached;
    private string? cancelReason;
    private bool pausedByLimit;
    private bool cancelRequested;
    private int maxThrottle;
    private readonly List<(long Pass, long Rate)> publishedRates = [];
    private int sampleCount;
    private long? lastExpectedDowntime;

    /// <summary>Asks for the migration to be cancelled at the next sample (the guest stays on the source).</summary>
    public void RequestCancel(string reason)
    {
        cancelReason ??= reason;
        cancelRequested = true;
        wake.Release();
    }

    /// <summary>Call right after <c>migrate</c> was sent.</summary>
    public async Task<MonitorReport> RunAsync(CancellationToken cancellationToken)
    {
        clock.Start();
        var eventLoop = FollowEventsAsync(cancellationToken);
        using var outageEnds = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var outageLoop = outage is null ? Task.CompletedTask : CutLinkAsync(outage, outageEnds.Token);
        MigrationInfo info = new(null, null, null, null, null, null, null, null, null, null, null, null);
        while (!final.Task.IsCompleted)
        {
            await Task.WhenAny(final.Task, wake.WaitAsync(sampleInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            info = await qmp.QueryMigrateAsync(cancellationToken);
            await RecordAsync(info);
            if (MigrationStatus.IsFinal(info.Status))
                final.TrySetResult(info.Status!);
            else if (!await HandleLinkAsync(info, cancellationToken))
            {
                await EnforceLimitsAsync(info, cancellationToken);
                await SteerAsync(cancellationToken);
            }
        }
        var status = await final.Task;
        await outageEnds.CancelAsync();
        await outageLoop.ContinueWith(_ => { }, TaskScheduler.Default);
        info = await qmp.QueryMigrateAsync(cancellationToken);
        await RecordAsync(info);
        await eventLoop.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        return new MonitorReport
        {
            FinalStatus = status,
            FinalInfo = info,
            PassHistory = convergence.Annotate(passes),
            Predictions = convergence.Predictions,
            MaxThrottlePercent = maxThrottle,
            DirtyPagesRate = MedianPublishedRate(),
            LastExpectedDowntimeMs = lastExpectedDowntime,
            SampleCount = sampleCount,
            StoppedAt = stoppedAt,
            PostcopyAt = postcopyAt,
            PausedByLimit = pausedByLimit,
            LimitReached = limitReached,
            CancelReason = cancelReason,
            FinishedAt = DateTimeOffset.UtcNow,
            Recoveries = resumer?.Count ?? 0,
            RecoveryTime = resumer?.Time ?? TimeSpan.Zero,
            EndedByLink = endedByLink,
        };
    }

    private async Task FollowEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in events.WithCancellation(cancellationToken))
            {
                switch (e.Name)
                {
                    case QmpEventNames.Stop:
                        stoppedAt ??= e.ReceivedAt;
                        break;
                    case QmpEventNames.MigrationPass:
                        // A new pass began: sample now, so short passes still get their record.
                        wake.Release();
                        if (spec.Mode == MigrationMode.Postcopy && postcopyAt is null
                            && e.GetData<MigrationPassEventData>().Pass > spec.PostcopyAfterPasses)
                            await SwitchToPostcopyAsync(cancellationToken);
                        break;
                    case QmpEventNames.Migration when MigrationStatus.IsFinal(e.GetData<MigrationEventData>().Status):
                        // QEMU's own clock, to set beside the destination's (IncomingPreparer logs it): the switch-over's timeline.
                        logger.LogInformation("Run {RunId}: the source QEMU reported {Status} at {QemuAt:HH:mm:ss.fff} (read {ReadMs:F0} ms later)",
                            runId, e.GetData<MigrationEventData>().Status, e.QemuTimestamp, (e.ReceivedAt - e.QemuTimestamp).TotalMilliseconds);
                        final.TrySetResult(e.GetData<MigrationEventData>().Status);
                        return;
                    case QmpEventNames.Migration when e.GetData<MigrationEventData>().Status == MigrationStatus.PostcopyPaused:
                        wake.Release();
                        break;
                }
            }
        }
        catch (Exception e) when (e is QmpConnectionClosedException or OperationCanceledException)
        {
            final.TrySetResult(MigrationStatus.Failed);
        }
    }

    private async Task SwitchToPostcopyAsync(CancellationToken cancellationToken)
    {
        try
        {
            postcopyAt = DateTimeOffset.UtcNow;
            await qmp.MigrateStartPostcopyAsync(cancellationToken);
        }
        catch (QmpException e)
        {
            // The migration may have converged first; then it simply completes as pre-copy.
            postcopyAt = null;
            logger.LogInformation("Run {RunId}: no switch to post-copy: {Reason}", runId, e.Description);
        }
    }

    private async Task EnforceLimitsAsync(MigrationInfo info, CancellationToken cancellationToken)
    {
        var elapsed = clock.Elapsed;
        var precopyActive = info.Status is MigrationStatus.Active or MigrationStatus.Setup;
        if (cancelRequested && precopyActive)
        {
            cancelRequested = false;
            await qmp.MigrateCancelAsync(cancellationToken);
            return;
        }
        if (limitReached is null && precopyActive)
        {
            var pass = info.Ram?.Pass ?? 0;
            var reason = elapsed.TotalSeconds >= spec.MaxTimeSeconds ? $"max-time {spec.MaxTimeSeconds:0.#} s"
                : spec.MaxPasses is { } max && pass > max ? $"max-passes {max}"
                : null;
            if (reason is not null)
            {
                limitReached = $"{reason}: {spec.OnLimit.ToString().ToLowerInvariant()}";
                logger.LogInformation("Run {RunId}: {Limit} in pass {Pass}", runId, limitReached, pass);
                await ApplyLimitActionAsync(cancellationToken);
            }
            return;
        }
        // Time spent recovering a paused post-copy had its own limit; it does not count against this one.
        var working = elapsed - (resumer?.Time ?? TimeSpan.Zero);
        if (working.TotalSeconds >= spec.MaxTimeSeconds + HardGrace.TotalSeconds && cancelReason is null)
        {
            cancelReason = $"still {info.Status} {HardGrace.TotalSeconds:0} s after its {spec.MaxTimeSeconds:0.#} s limit";
            try { await qmp.MigrateCancelAsync(cancellationToken); }
            catch (QmpException) { }
            final.TrySetResult(MigrationStatus.Failed);
        }
    }

    private async Task ApplyLimitActionAsync(CancellationToken cancellationToken)
    {
        switch (spec.OnLimit)
        {
            case LimitAction.Cancel:
                cancelReason = limitReached;
                await qmp.MigrateCancelAsync(cancellationToken);
                break;
            case LimitAction.Pause:
                pausedByLimit = true;
                await qmp.StopAsync(cancellationToken);
                break;
            case LimitAction.Postcopy:
                await SwitchToPostcopyAsync(cancellationToken);
                break;
        }
    }

    /// <summary>
    /// The last rate QEMU publishes comes from the shortest passes before convergence and reads high; the
    /// first ones are measured over passes that did not yet see the whole working set. The median of the
    /// values from pass 3 on (all of them when there are none) is the fairest single figure.
    /// </summary>
    private long? MedianPublishedRate()
    {
        var rates = publishedRates.Where(r => r.Pass >= 3).Select(r => r.Rate).ToList();
        if (rates.Count == 0)
            rates = publishedRates.Select(r => r.Rate).ToList();
        if (rates.Count == 0)
            return null;
        rates.Sort();
        return rates.Count % 2 == 1 ? rates[rates.Count / 2] : (rates[rates.Count / 2 - 1] + rates[rates.Count / 2]) / 2;
    }

    private async Task RecordAsync(MigrationInfo info)
    {
        var ram = info.Ram;
        var sample = convergence.Observe(new LiveSample
        {
            AtMs = clock.Elapsed.TotalMilliseconds,
            Status = info.Status ?? "unknown",
            RemainingBytes = ram?.Remaining ?? 0,
            TransferredBytes = ram?.Transferred ?? 0,
            DirtyPagesRate = ram?.DirtyPagesRate ?? 0,
            ThroughputMbps = ram?.Mbps ?? 0,
            Pass = ram?.Pass ?? 0,
            CpuThrottlePercent = info.CpuThrottlePercentage ?? 0,
            ExpectedDowntimeMs = info.ExpectedDowntime ?? 0,
            PostcopyRequests = ram?.PostcopyRequests ?? 0,
        });
        maxThrottle = Math.Max(maxThrottle, sample.CpuThrottlePercent);
        lastExpectedDowntime = info.ExpectedDowntime ?? lastExpectedDowntime;
        // QEMU republishes its rate about once a second; keep each new value with the pass it came in.
        if (sample.DirtyPagesRate > 0 && (publishedRates.Count == 0 || publishedRates[^1].Rate != sample.DirtyPagesRate))
            publishedRates.Add((sample.Pass, sample.DirtyPagesRate));
        if (ram is not null && (passes.Count == 0 || ram.Pass > passes[^1].Pass))
        {
            passes.Add(new PassRecord
            {
                Pass = ram.Pass,
                AtMs = sample.AtMs,
                RemainingBytes = ram.Remaining,
                TransferredBytes = ram.Transferred,
                DirtyPagesRate = ram.DirtyPagesRate,
                ThroughputMbps = ram.Mbps,
                CpuThrottlePercent = sample.CpuThrottlePercent,
            });
        }
        if (await samples.WriteAsync(runId, sample))
            sampleCount++;
    }
}
