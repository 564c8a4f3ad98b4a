using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Admission;

namespace MigrationAspire.Scheduler.Experiments;

// Which run goes next, on which VM; and the experiment's final status.
public sealed partial class ExperimentGrain
{
    /// <summary>
    /// Starts pending runs up to the concurrency limit, strictly in the run order (repetition outermost), so drift
    /// over time spreads evenly over the sweep's groups instead of following a swept VM or workload value. A run
    /// reuses an idle VM of its shape (one guest migrating back and forth); idle VMs none of the starting runs can
    /// use are released first: an idle guest still dirties memory and would load the hosts while others are measured.
    /// </summary>
    private async Task DispatchAsync()
    {
        if (!Exists || IsFinal)
            return;
        var spec = Experiment.Spec!;
        var free = spec.MaxConcurrentRuns - Experiment.Runs.Count(r => r.Status == RunStatus.Running);
        var starting = Experiment.CancelRequested || !IsAdmitted || free <= 0 ? []
            : Experiment.Runs.Where(r => r.Status == RunStatus.Pending).Take(free).ToList();
        if (starting.Count > 0 || !Experiment.Runs.Any(r => r.Status == RunStatus.Pending))
            await ReleaseUnneededAsync(starting);
        foreach (var next in starting)
        {
            var slot = spec.FreshVmPerRun ? null
                : Experiment.Vms.FirstOrDefault(v => !v.Released && v.BusyWith is null && v.Serves(next.Plan));
            if (slot is null)
            {
                slot = new VmSlot { VmId = $"{Id}-vm{Experiment.Vms.Count}", Shape = VmSlot.ShapeOf(next.Plan) };
                Experiment.Vms.Add(slot);
            }
            slot.BusyWith = next.Plan.RunId;
            var run = next with { Status = RunStatus.Running, Step = RunStep.Waiting, VmId = slot.VmId, StartedAt = clock.GetUtcNow() };
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

    /// <summary>Releases the idle VMs that none of <paramref name="starting"/> can use (a fresh VM per run: every idle one).</summary>
    private async Task ReleaseUnneededAsync(IReadOnlyList<RunRecord> starting)
    {
        foreach (var vm in Experiment.Vms.Where(v => !v.Released && v.BusyWith is null).ToList())
        {
            if (Experiment.Spec!.FreshVmPerRun || !starting.Any(r => vm.Serves(r.Plan)))
                await ReleaseAsync(vm, "none of the experiment's next runs needs this VM");
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
        await LeaveQueueAsync();
        logger.LogInformation("Experiment {Id} {Status}: {Completed}/{Total} runs completed",
            Id, Experiment.Status, Experiment.Runs.Count(r => r.Status == RunStatus.Completed), Experiment.Runs.Count);
    }

    /// <param name="admission">Where a queued experiment stands; null once it is admitted or final.</param>
    private ExperimentView View(AdmissionTicket? admission) => new()
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
        QueuePosition = admission?.Position,
        QueuedSince = admission?.QueuedSince,
    };
}
