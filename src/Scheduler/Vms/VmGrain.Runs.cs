using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Experiments;
using MigrationAspire.Scheduler.Hosts;

namespace MigrationAspire.Scheduler.Vms;

// Ending runs, leaving hosts, and the history a VM keeps of both.
public sealed partial class VmGrain
{
    private async Task FinishRunAsync(RunStatus status, string? step, string? reason,
        MigrationResult? result = null, string? source = null, string? destination = null)
    {
        if (S.Current is not { } run)
            return;
        var runId = run.Plan.RunId;
        if (status != RunStatus.Completed)
            logger.LogWarning("Run {RunId} on VM {VmId} {Status} at {Step}: {Reason}", runId, VmId, status, step, reason);
        var outcome = new RunOutcome
        {
            RunId = runId,
            Status = status,
            Result = result,
            FailedStep = status == RunStatus.Completed ? null : step,
            FailureReason = reason,
            SourceHost = source ?? S.Host,
            DestinationHost = destination ?? S.DestinationHost,
            FinishedAt = clock.GetUtcNow(),
        };
        S.Current = null;
        S.FinishedRuns.Add(runId);
        S.RecentOutcomes[runId] = outcome;
        foreach (var old in S.RecentOutcomes.Values.OrderBy(o => o.FinishedAt).Take(Math.Max(0, S.RecentOutcomes.Count - RecentOutcomeLimit)).ToList())
            S.RecentOutcomes.Remove(old.RunId);
        await state.WriteStateAsync();
        await DisarmDeadlineAsync();
        // Stored first, told next: a retried event finds the run finished; if the telling is lost, the
        // experiment's watchdog asks again (ResendOutcome).
        await GrainFactory.GetGrain<IExperimentRuns>(S.ExperimentId).RunFinished(outcome);
        await ReleaseLeaseAsync();
    }

    public async Task ResendOutcome(string runId)
    {
        if (S.RecentOutcomes.TryGetValue(runId, out var outcome))
            await GrainFactory.GetGrain<IExperimentRuns>(S.ExperimentId).RunFinished(outcome);
    }

    /// <summary>Gives the placement lease back; a failure only delays reuse until the lease expires.</summary>
    private async Task ReleaseLeaseAsync()
    {
        try
        {
            await Placement.Release(VmId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "VM {VmId} could not give its placement lease back", VmId);
        }
    }

    /// <summary>
    /// A step as a failed run names it: in the protocol's words the executors use too (boot, prepare, migrate),
    /// so a run that fails at a step reads the same whether the executor or a deadline or a lost host ended it.
    /// </summary>
    private static string StepName(RunStep step) => step switch
    {
        RunStep.Booting => "boot",
        RunStep.Preparing => "prepare",
        RunStep.Migrating => "migrate",
        _ => step.ToString().ToLowerInvariant(),
    };

    private RunOutcome Outcome(string runId, RunStatus status, string step, string reason) => new()
    {
        RunId = runId, Status = status, FailedStep = step, FailureReason = reason, FinishedAt = clock.GetUtcNow(),
    };

    /// <summary>Tells every given host to drop this VM, and forgets where it was.</summary>
    private async Task DestroyGuestAsync(string reason, params string?[] hosts)
    {
        foreach (var host in hosts.OfType<string>().Distinct())
        {
            await bus.SendToHost(host, new DestroyVm { VmId = VmId, Host = host, Reason = reason });
            await LeaveHostsAsync(host);
        }
        if (S.Lifecycle != VmLifecycle.Absent)
            Record("destroyed", S.Current?.Plan.RunId, S.Host, S.DestinationHost, reason);
        S.Lifecycle = VmLifecycle.Absent;
        S.Host = null;
        S.DestinationHost = null;
        await ReleaseLeaseAsync();
    }

    private async Task AbortIncomingAsync(CurrentRun run, string reason)
    {
        if (S.DestinationHost is not { } destination)
            return;
        await bus.SendToHost(destination, new AbortIncoming { RunId = run.Plan.RunId, VmId = VmId, Host = destination, Reason = reason });
        await LeaveHostsAsync(destination);
        S.DestinationHost = null;
    }

    private Task Attach(string host) => GrainFactory.GetGrain<IHostMembership>(host).Attach(VmId);

    private async Task LeaveHostsAsync(params string[] hosts)
    {
        foreach (var host in hosts)
            await GrainFactory.GetGrain<IHostMembership>(host).Detach(VmId);
    }

    private void Record(string what, string? runId, string? from = null, string? to = null, string? detail = null)
    {
        S.History.Add(new VmHistoryEntry { At = clock.GetUtcNow(), Event = what, RunId = runId, From = from, To = to, Detail = detail });
        if (S.History.Count > HistoryLimit)
            S.History.RemoveRange(0, S.History.Count - HistoryLimit);
    }
}
