using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Experiments;

// A run is stored as running before its VM is told, one-way (so the VM can report back without a call cycle). If
// that telling is lost, a dropped message or a VM whose first write failed, nothing else would ever end the run:
// so the watchdog and start-up ask each running run's VM for a receipt. A VM that does not know the run is sent it
// again; after MaxRedispatches the run fails, naming the lost dispatch, and the experiment goes on.
public sealed partial class ExperimentGrain
{
    private const int MaxRedispatches = 2;

    private async Task CheckRunsAreCarriedAsync()
    {
        foreach (var run in Experiment.Runs.Where(r => r.Status == RunStatus.Running && r.VmId is not null).ToList())
        {
            RunReceipt receipt;
            try
            {
                receipt = await GrainFactory.GetGrain<IVmGrain>(run.VmId!).Receipt(run.Plan.RunId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A VM that cannot answer now is asked again at the next tick; its own deadline still holds.
                logger.LogWarning("Experiment {Id}: VM {VmId} gave no receipt for run {RunId}: {Reason}", Id, run.VmId, run.Plan.RunId, e.Message);
                continue;
            }
            switch (receipt)
            {
                case RunReceipt.Unknown:
                    await RedispatchOrEndAsync(run);
                    break;
                case RunReceipt.Forgotten:
                    await EndUncarriedAsync(run, RunStatus.Failed, $"VM {run.VmId} finished run {run.Plan.RunId} but no longer holds its outcome");
                    break;
                default:
                    if (Experiment.Redispatched.Remove(run.Plan.RunId))
                        await state.WriteStateAsync();
                    break;
            }
        }
    }

    private async Task RedispatchOrEndAsync(RunRecord run)
    {
        var runId = run.Plan.RunId;
        var sent = Experiment.Redispatched.GetValueOrDefault(runId);
        if (Experiment.CancelRequested)
        {
            await EndUncarriedAsync(run, RunStatus.Cancelled, Experiment.Reason ?? "cancelled before its VM took it");
            return;
        }
        if (sent >= MaxRedispatches)
        {
            await EndUncarriedAsync(run, RunStatus.Failed, $"VM {run.VmId} never took run {runId}: it was sent {sent + 1} times and did not know it each time");
            return;
        }
        Experiment.Redispatched[runId] = sent + 1;
        await state.WriteStateAsync();
        logger.LogWarning("Experiment {Id}: VM {VmId} does not know run {RunId}; sending it again", Id, run.VmId, runId);
        await GrainFactory.GetGrain<IVmGrain>(run.VmId!).Run(Id, run.Plan);
    }

    private async Task EndUncarriedAsync(RunRecord run, RunStatus status, string reason)
    {
        logger.LogWarning("Experiment {Id}: run {RunId} {Status}: {Reason}", Id, run.Plan.RunId, status, reason);
        Experiment.Redispatched.Remove(run.Plan.RunId);
        Finish(run with { Status = status, FailedStep = RunStep.Schedule, FailureReason = reason, FinishedAt = clock.GetUtcNow() });
        await state.WriteStateAsync();
        await FlushOutboxAsync();
        await DispatchAsync();
    }
}
