using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Migration;

/// <summary>The monitor's part of the convergence policy: carry out each decision over QMP, record it once done.</summary>
public sealed partial class MigrationMonitor
{
    /// <summary>After the limits were checked at a sample: the run's limits act first, and once one of them (or a cancel,
    /// or post-copy) has taken pre-copy over, the policy has nothing left to steer.</summary>
    private async Task SteerAsync(CancellationToken cancellationToken)
    {
        if (limitReached is not null || cancelReason is not null || cancelRequested || postcopyAt is not null || pausedByLimit)
        {
            convergence.Stop();
            return;
        }
        var decision = convergence.Decide();
        if (decision.Action == ConvergenceAction.None)
            return;
        try
        {
            switch (decision.Action)
            {
                case ConvergenceAction.SetDowntimeLimit:
                    await qmp.SetMigrationParametersAsync(new MigrationParameters { DowntimeLimit = decision.DowntimeLimitMs }, cancellationToken);
                    break;
                case ConvergenceAction.SwitchToPostcopy:
                    await SwitchToPostcopyAsync(cancellationToken);
                    if (postcopyAt is null)
                        return;
                    break;
                case ConvergenceAction.Pause:
                    pausedByLimit = true;
                    await qmp.StopAsync(cancellationToken);
                    break;
                case ConvergenceAction.Abort:
                    cancelReason = $"{convergence.Kind.ToString().ToLowerInvariant()} policy: {decision.Reason}";
                    await qmp.MigrateCancelAsync(cancellationToken);
                    break;
            }
        }
        catch (QmpException e)
        {
            // Most often the migration converged between the sample and the command: nothing was done, so nothing is recorded.
            logger.LogInformation("Run {RunId}: policy decision {Action} not carried out: {Reason}", runId, decision.Action, e.Description);
            return;
        }
        convergence.Applied(decision);
        logger.LogInformation("Run {RunId}: {Policy} policy in pass {Pass}: {Action} {Limit} ({Reason})",
            runId, convergence.Kind, decision.Pass, decision.Action, decision.DowntimeLimitMs, decision.Reason);
    }
}
