using System.Text.Json;
using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Experiments;

// Which run goes next, on which VM; and the experiment's final status.
public sealed partial class ExperimentGrain
{
    /// <summary>
    /// Starts pending runs up to the concurrency limit, in the stable run order — except that a run whose VM
    /// shape matches an idle VM goes first, so one guest serves its runs back to back (migrating back and
    /// forth) instead of a new guest booting for each. Idle VMs no pending run needs are released: an idle
    /// guest still dirties memory and would load the hosts while others are measured.
    /// </summary>
    private async Task DispatchAsync()
    {
        if (!Exists || IsFinal)
            return;
        var spec = S.Spec!;
        while (!S.CancelRequested && S.Runs.Count(r => r.Status == RunStatus.Running) < spec.MaxConcurrentRuns)
        {
            var pending = S.Runs.Where(r => r.Status == RunStatus.Pending).ToList();
            if (pending.Count == 0)
                break;
            var idle = S.Vms.Where(v => !v.Released && v.BusyWith is null).ToList();
            var run = spec.FreshVmPerRun
                ? pending[0]
                : pending.FirstOrDefault(r => idle.Any(v => v.Shape == Shape(r.Plan))) ?? pending[0];
            var slot = spec.FreshVmPerRun ? null : idle.FirstOrDefault(v => v.Shape == Shape(run.Plan));
            await ReleaseUnneededAsync(pending, keep: slot);
            if (slot is null)
            {
                slot = new VmSlot { VmId = $"{Id}-vm{S.Vms.Count}", Shape = Shape(run.Plan) };
                S.Vms.Add(slot);
            }
            slot.BusyWith = run.Plan.RunId;
            run.Status = RunStatus.Running;
            run.Step = RunStep.Waiting;
            run.VmId = slot.VmId;
            run.StartedAt = clock.GetUtcNow();
            if (S.Status == ExperimentStatus.Pending)
            {
                S.Status = ExperimentStatus.Running;
                S.StartedAt = run.StartedAt;
            }
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IVmGrain>(slot.VmId).Run(Id, run.Plan);
        }
        if (S.Runs.All(r => r.IsFinal))
            await FinalizeAsync();
    }

    private async Task ReleaseUnneededAsync(IReadOnlyList<RunRecord> pending, VmSlot? keep)
    {
        var needed = pending.Select(r => Shape(r.Plan)).ToHashSet();
        foreach (var vm in S.Vms.Where(v => !v.Released && v.BusyWith is null && v != keep))
        {
            if (S.Spec!.FreshVmPerRun || !needed.Contains(vm.Shape) || pending.Count == 0)
                await ReleaseAsync(vm, "no pending run of the experiment needs this VM");
        }
    }

    private async Task ReleaseAsync(VmSlot vm, string reason)
    {
        vm.Released = true;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IVmGrain>(vm.VmId).Release(reason);
    }

    private async Task FinalizeAsync()
    {
        S.Status = S.CancelRequested ? ExperimentStatus.Cancelled
            : S.Runs.All(r => r.Status == RunStatus.Completed) ? ExperimentStatus.Completed
            : S.Runs.Any(r => r.Status == RunStatus.Completed) ? ExperimentStatus.CompletedWithFailures
            : ExperimentStatus.Failed;
        S.FinishedAt = clock.GetUtcNow();
        foreach (var vm in S.Vms.Where(v => !v.Released))
            await ReleaseAsync(vm, $"experiment {Id} finished");
        await state.WriteStateAsync();
        logger.LogInformation("Experiment {Id} {Status}: {Completed}/{Total} runs completed",
            Id, S.Status, S.Runs.Count(r => r.Status == RunStatus.Completed), S.Runs.Count);
    }

    private static string Shape(RunPlan plan) =>
        JsonSerializer.Serialize(new { plan.Vm, plan.Workload }, SpecJson.Options);

    private ExperimentView View() => new()
    {
        Id = Id,
        Name = S.Spec!.Name,
        Spec = S.Spec,
        Status = S.Status,
        Runs = new RunCounts
        {
            Pending = S.Runs.Count(r => r.Status == RunStatus.Pending),
            Running = S.Runs.Count(r => r.Status == RunStatus.Running),
            Completed = S.Runs.Count(r => r.Status == RunStatus.Completed),
            Failed = S.Runs.Count(r => r.Status == RunStatus.Failed),
            Cancelled = S.Runs.Count(r => r.Status == RunStatus.Cancelled),
        },
        CreatedAt = S.CreatedAt,
        StartedAt = S.StartedAt,
        FinishedAt = S.FinishedAt,
        Reason = S.Reason,
    };

    private static RunView ToView(RunRecord run) => new()
    {
        Plan = run.Plan,
        Status = run.Status,
        Step = run.Step,
        VmId = run.VmId,
        SourceHost = run.SourceHost,
        DestinationHost = run.DestinationHost,
        Result = run.Result,
        FailedStep = run.FailedStep,
        FailureReason = run.FailureReason,
        StartedAt = run.StartedAt,
        FinishedAt = run.FinishedAt,
    };
}
