using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Studies;

/// <summary>
/// A study runs its preset's experiments one after another: it creates the next experiment grain when the one
/// before has ended. Experiments do not report to it; it looks every few seconds while it runs (a timer), and a
/// reminder brings it back after a silo restart, so nothing the study waits for can be lost.
/// </summary>
public sealed class StudyGrain(
    [PersistentState("study", "Default")] IPersistentState<StudyState> state,
    TimeProvider clock,
    ILogger<StudyGrain> logger) : Grain, IStudyGrain, IRemindable
{
    private const string Reminder = "study";
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private IGrainTimer? timer;

    private string Id => this.GetPrimaryKeyString();
    private StudyState Study => state.State;
    private bool Exists => Study.Preset is not null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists && !Study.Status.IsFinal())
            ArmTimer();
        return Task.CompletedTask;
    }

    public async ValueTask<StudyView> Create(StudyPreset preset)
    {
        if (Exists)
            return Study.Preset!.Name == preset.Name ? await ViewAsync() : throw new ArgumentException($"study id {Id} is already taken by preset {Study.Preset.Name}");
        Study.Preset = preset;
        Study.CreatedAt = clock.GetUtcNow();
        Study.Status = ExperimentStatus.Pending;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        logger.LogInformation("Study {Id} ({Preset}): {Count} experiments", Id, preset.Name, preset.Experiments.Count);
        await StepAsync();
        ArmTimer();
        return await ViewAsync();
    }

    public async ValueTask<StudyView?> Get() => Exists ? await ViewAsync() : null;

    public async ValueTask<StudyView?> Cancel(string reason)
    {
        if (!Exists)
            return null;
        if (!Study.Status.IsFinal() && !Study.CancelRequested)
        {
            Study.CancelRequested = true;
            Study.Reason = reason;
            await state.WriteStateAsync();
            if (Study.Current < Study.Preset!.Experiments.Count)
                await Experiment(Study.Current).Cancel(reason);
            await StepAsync();
        }
        return await ViewAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await StepAsync();
        if ((!Exists || Study.Status.IsFinal()) && await this.GetReminder(Reminder) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    /// <summary>Moves on as far as the experiments allow: past every ended one, creating the next (idempotent).</summary>
    private async Task StepAsync()
    {
        while (Exists && !Study.Status.IsFinal())
        {
            var experiments = Study.Preset!.Experiments;
            if (Study.Current >= experiments.Count || (Study.CancelRequested && await Experiment(Study.Current).Get() is null))
            {
                await FinishAsync();
                return;
            }
            var grain = Experiment(Study.Current);
            ExperimentView view;
            try
            {
                view = await grain.Get() ?? await grain.Create(experiments[Study.Current].Spec);
            }
            catch (ArgumentException e)
            {
                // A preset the experiment grain refuses (its limits are configurable) must end the study, not stall it.
                Study.Reason = $"experiment {experiments[Study.Current].Experiment} refused: {e.Message}";
                Study.Ended.Add(ExperimentStatus.Failed);
                Study.Current = experiments.Count;
                logger.LogWarning("Study {Id}: {Reason}", Id, Study.Reason);
                continue;
            }
            if (Study.Status == ExperimentStatus.Pending)
            {
                Study.Status = ExperimentStatus.Running;
                await state.WriteStateAsync();
            }
            if (!view.Status.IsFinal())
                return;
            Study.Ended.Add(view.Status);
            Study.Current++;
            await state.WriteStateAsync();
            logger.LogInformation("Study {Id}: experiment {Experiment} {Status}", Id, view.Id, view.Status);
            if (Study.CancelRequested)
            {
                await FinishAsync();
                return;
            }
        }
    }

    private async Task FinishAsync()
    {
        Study.Status = Study.CancelRequested ? ExperimentStatus.Cancelled
            : Study.Ended.All(s => s == ExperimentStatus.Completed) ? ExperimentStatus.Completed
            : Study.Ended.All(s => s == ExperimentStatus.Failed) ? ExperimentStatus.Failed
            : ExperimentStatus.CompletedWithFailures;
        Study.FinishedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        timer?.Dispose();
        timer = null;
        logger.LogInformation("Study {Id} {Status}", Id, Study.Status);
    }

    private void ArmTimer()
    {
        timer?.Dispose();
        timer = this.RegisterGrainTimer(_ => StepAsync(), new GrainTimerCreationOptions(Poll, Poll) { KeepAlive = true });
    }

    private IExperimentGrain Experiment(int index) =>
        GrainFactory.GetGrain<IExperimentGrain>(SeedExperimentIds.For(Id, Study.Preset!.Experiments[index].Experiment));

    private async Task<StudyView> ViewAsync()
    {
        var experiments = new List<StudyExperimentView>();
        foreach (var (experiment, index) in Study.Preset!.Experiments.Select((e, i) => (e, i)))
        {
            var id = SeedExperimentIds.For(Id, experiment.Experiment);
            // Only experiments the study has reached exist; asking a later one would activate an empty grain for nothing.
            var view = index <= Study.Current ? await GrainFactory.GetGrain<IExperimentGrain>(id).Get() : null;
            experiments.Add(new StudyExperimentView { Experiment = experiment.Experiment, ExperimentId = id, Status = view?.Status, Runs = view?.Runs, QueuePosition = view?.QueuePosition });
        }
        return new StudyView
        {
            Id = Id,
            Preset = Study.Preset.Name,
            Status = Study.Status,
            Experiments = experiments,
            CreatedAt = Study.CreatedAt,
            FinishedAt = Study.FinishedAt,
            Reason = Study.Reason,
        };
    }
}
