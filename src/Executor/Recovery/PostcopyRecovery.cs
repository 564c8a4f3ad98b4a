using MigrationAspire.Contracts;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Recovery;

/// <summary>
/// The source's half of QEMU's post-copy recovery. Once post-copy has begun neither side holds the whole guest, so
/// a paused post-copy is resumed or the guest is lost: wait for the link, have the destination listen again
/// (<see cref="IIncomingRecovery"/>), send <c>migrate</c> with <c>resume</c>, and follow the source through
/// <c>postcopy-recover-setup</c> and <c>postcopy-recover</c> back to <c>postcopy-active</c>; a resume that falls
/// back to <c>postcopy-paused</c> is tried again, until <paramref name="limit"/> after the pause.
/// </summary>
public sealed class PostcopyRecovery(QmpClient source, IIncomingRecovery destination, TimeSpan limit, ILogger logger, TimeProvider? time = null)
{
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>Pauses that ended with post-copy running again.</summary>
    public int Count { get; private set; }

    /// <summary>From each pause until post-copy ran again, summed.</summary>
    public TimeSpan Time { get; private set; }

    /// <summary>Returns null once post-copy runs again (or completed); otherwise why the guest is lost.</summary>
    /// <param name="linkUp">Completes when the link is back; already completed when no outage is known.</param>
    public async Task<string?> RecoverAsync(DateTimeOffset pausedAt, Task linkUp, string link, CancellationToken cancellationToken)
    {
        var deadline = pausedAt + limit;
        var lost = $"post-copy stayed paused more than {limit.TotalSeconds:0.#} s (the run's max-time); the guest is lost: the source and the destination each hold part of its memory";
        try
        {
            await linkUp.WaitAsync(Remaining(deadline), clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            return $"{link} did not come back: {lost}";
        }
        string? lastError = null;
        for (var attempt = 1; clock.GetUtcNow() < deadline; attempt++)
        {
            try
            {
                var uri = await destination.ListenAgainAsync(cancellationToken);
                await source.MigrateAsync(uri, resume: true, cancellationToken);
                var status = await FollowResumeAsync(deadline, cancellationToken);
                if (status is MigrationStatus.PostcopyActive or MigrationStatus.Completed)
                {
                    var took = clock.GetUtcNow() - pausedAt;
                    (Count, Time) = (Count + 1, Time + took);
                    logger.LogInformation("Post-copy resumed {Took:F0} ms after its pause (attempt {Attempt})", took.TotalMilliseconds, attempt);
                    return null;
                }
                if (status is MigrationStatus.Failed or MigrationStatus.Cancelled)
                    return $"QEMU ended the paused post-copy {status} while recovering: the guest is lost";
                lastError = $"the resume fell back to {status}";
            }
            catch (Exception e) when (e is MigrationSetupException or QmpException)
            {
                lastError = e.Message;
            }
            logger.LogInformation("Post-copy recovery attempt {Attempt} failed: {Reason}", attempt, lastError);
            var wait = Min(RetryInterval, Remaining(deadline));
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, clock, cancellationToken);
        }
        return $"{lost} (last attempt: {lastError ?? "none made"})";
    }

    /// <summary>Polls the source until it leaves the recovery states, or the deadline passes (then the state it is in).</summary>
    private async Task<string?> FollowResumeAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = (await source.QueryMigrateAsync(cancellationToken)).Status;
            if (status is not (MigrationStatus.PostcopyRecoverSetup or MigrationStatus.PostcopyRecover) || clock.GetUtcNow() >= deadline)
                return status;
            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }

    private TimeSpan Remaining(DateTimeOffset deadline) => Max(deadline - clock.GetUtcNow(), TimeSpan.Zero);
    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
