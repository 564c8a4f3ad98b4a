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
        var spec = Experiment.Spec!;
        while (!Experiment.CancelRequested && Experiment.Runs.Count(r => r.Status == RunStatus.Running) < spec.MaxConcurrentRuns)
        {
            var pending = Experiment.Runs.Where(r => r.Status == RunStatus.Pending).ToList();
            if (pending.Count == 0)
                break;
            var idle = Experiment.Vms.Where(v => !v.Released && v.BusyWith is null).ToList();
            var run = spec.FreshVmPerRun
                ? pending[0]
                : pending.FirstOrDefault(r => idle.Any(v => v.Serves(r.Plan))) ?? pending[0];
            var slot = spec.FreshVmPerRun ? null : idle.FirstOrDefault(v => v.Serves(run.Plan));
            await ReleaseUnneededAsync(pending, keep: slot);
            if (slot is null)
            {
                slot = new VmSlot { VmId = $"{Id}-vm{Experiment.Vms.Count}", Shape = VmSlot.ShapeOf(run.Plan) };
                Experiment.Vms.Add(slot);
            }
            slot.BusyWith = run.Plan.RunId;
            run = run with { Status = RunStatus.Running, Step = RunStep.Waiting, VmId = slot.VmId, StartedAt = clock.GetUtcNow() };
            Experiment.Runs[run.Plan.Index] = run;
            if (Experiment.Status == ExperimentStatus.Pending)
            {
                Experiment.Status = ExperimentStatus.Running;
                Experiment.StartedAt = run.StartedAt;
            }
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IVmGrain>(slot.VmId).Run(Id, run.Plan);
        }
        if (Experiment.Runs.All(r => r.Status.IsFinal()))
            await FinalizeAsync();
    }

    private async Task ReleaseUnneededAsync(IReadOnlyList<RunRecord> pending, VmSlot? keep)
    {
        foreach (var vm in Experiment.Vms.Where(v => !v.Released && v.BusyWith is null && v != keep))
        {
            if (Experiment.Spec!.FreshVmPerRun || !pending.Any(r => vm.Serves(r.Plan)) || pending.Count == 0)
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
        Experiment.Status = Experiment.CancelRequested ? ExperimentStatus.Cancelled
            : Experiment.Runs.All(r => r.Status == RunStatus.Completed) ? ExperimentStatus.Completed
            : Experiment.Runs.Any(r => r.Status == RunStatus.Completed) ? ExperimentStatus.CompletedWithFailures
            : ExperimentStatus.Failed;
        Experiment.FinishedAt = clock.GetUtcNow();
        foreach (var vm in Experiment.Vms.Where(v => !v.Released))
            await ReleaseAsync(vm, $"experiment {Id} finished");
        await state.WriteStateAsync();
        logger.LogInformation("Experiment {Id} {Status}: {Completed}/{Total} runs completed",
            Id, Experiment.Status, Experiment.Runs.Count(r => r.Status == RunStatus.Completed), Experiment.Runs.Count);
    }

    private ExperimentView View() => new()
    {
        Id = Id,
        Name = Experiment.Spec!.Name,
        Spec = Experiment.Spec,
        Status = Experiment.Status,
        Runs = new RunCounts
        {
            Pending = Experiment.Runs.Count(r => r.Status == RunStatus.Pending),
            Running = Experiment.Runs.Count(r => r.Status == RunStatus.Running),
            Completed = Experiment.Runs.Count(r => r.Status == RunStatus.Completed),
            Failed = Experiment.Runs.Count(r => r.Status == RunStatus.Failed),
            Cancelled = Experiment.Runs.Count(r => r.Status == RunStatus.Cancelled),
        },
        CreatedAt = Experiment.CreatedAt,
        StartedAt = Experiment.StartedAt,
        FinishedAt = Experiment.FinishedAt,
        Reason = Experiment.Reason,
    };
}
