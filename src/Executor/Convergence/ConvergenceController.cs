using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Convergence;

/// <summary>
/// The source's convergence loop for one migration, apart from the QMP calls: it feeds each sample to the
/// run's <see cref="MigrationProgress"/>, puts the live forecast on the sample, asks the policy what to do while
/// pre-copy is active, and remembers what was done, so the pass history can say which limit was in force and why
/// it changed. The source's <c>MigrationMonitor</c> owns the I/O; this class owns the bookkeeping.
/// </summary>
public sealed class ConvergenceController(IConvergencePolicy policy, MigrationProgress start)
{
    /// <summary>Between pass boundaries a forecast is kept at most this often; each sample still carries its own.</summary>
    public static readonly TimeSpan PredictionSpacing = TimeSpan.FromMilliseconds(250);

    private readonly List<ConvergencePrediction> predictions = [];
    private readonly long initialLimitMs = start.DowntimeLimitMs;
    private MigrationProgress progress = start;
    private bool stopped;

    public ConvergencePolicyKind Kind => policy.Kind;

    /// <summary>The limit in force now.</summary>
    public long DowntimeLimitMs => progress.DowntimeLimitMs;

    public IReadOnlyList<ConvergencePrediction> Predictions => predictions;

    public IReadOnlyList<PolicyDecision> Decisions => progress.Decisions;

    /// <summary>The controller for a run: its policy, and its progress before <c>migrate</c>.</summary>
    public static ConvergenceController For(MigrationSpec migration, VmSpec vm, long? probedDirtyPagesRate, double? switchoverBytesPerSecond = null,
        WorkloadSpec? workload = null)
    {
        var policy = ConvergencePolicies.For(migration);
        return new(policy, MigrationProgress.Start(migration, vm, policy) with
        {
            ProbedDirtyPagesRate = probedDirtyPagesRate,
            SwitchoverBytesPerSecond = switchoverBytesPerSecond,
            PlannedWorkingSetBytes = workload is null ? null : workload.WorkingSetMiB * MiB,
            PlannedDataBytes = workload is null ? null : DataBytes(vm, workload),
        });
    }

    /// <summary>What the lab's guest image writes of its own memory (kernel, initramfs, workload), as analytics'
    /// <c>Analytics:GuestBaseFootprintMiB</c> assumes for its model: the data a first pass of an idle guest sends.</summary>
    public const long GuestBaseFootprintMiB = 48;

    private const long MiB = 1024 * 1024;

    /// <summary>The first pass's data: working set + the image's footprint + the resident share of the rest, at most the memory.</summary>
    public static long DataBytes(VmSpec vm, WorkloadSpec workload)
    {
        var memory = vm.MemoryMiB * MiB;
        var written = Math.Min(memory, (workload.WorkingSetMiB + GuestBaseFootprintMiB) * MiB);
        return Math.Min(memory, written + (long)(Math.Clamp(workload.ResidentPercent, 0, 100) / 100.0 * (memory - written)));
    }

    /// <returns>The sample with the forecast made at it and the limit in force.</returns>
    public LiveSample Observe(LiveSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.AtMs < progress.AtMs)
            return sample with { DowntimeLimitMs = progress.DowntimeLimitMs };
        progress = progress.Observe(sample);
        var forecast = stopped ? null : EtaPredictor.Predict(progress);
        if (forecast is not null && (progress.AtPassBoundary || predictions.Count == 0
            || forecast.AtMs - predictions[^1].AtMs >= PredictionSpacing.TotalMilliseconds))
            predictions.Add(forecast);
        return sample with
        {
            EtaMs = forecast?.EtaMs,
            WillConverge = forecast?.WillConverge,
            PredictedDowntimeMs = forecast?.PredictedDowntimeMs,
            DowntimeLimitMs = progress.DowntimeLimitMs,
        };
    }

    /// <summary>The policy's decision at the latest sample; none once pre-copy has ended or been taken over
    /// (a limit's action, a cancel, a switch to post-copy: then the policy has nothing left to steer).</summary>
    public PolicyDecision Decide()
    {
        if (stopped || progress.Samples.IsEmpty || progress.Samples[^1].Status != MigrationStatus.Active)
            return progress.NoAction("pre-copy is not active");
        return policy.Decide(progress);
    }

    /// <summary>Records a decision that was carried out. After anything but a new limit, pre-copy is no longer the policy's.</summary>
    public void Applied(PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        progress = progress.Apply(decision);
        if (decision.Action is not (ConvergenceAction.None or ConvergenceAction.SetDowntimeLimit))
            stopped = true;
    }

    /// <summary>Something other than the policy took pre-copy over (a limit's action, a cancel, post-copy).</summary>
    public void Stop() => stopped = true;

    /// <summary>The pass history with, on each pass, the limit in force when it began and the decisions made during it
    /// (a decision before the first pass goes to the first).</summary>
    public IReadOnlyList<PassRecord> Annotate(IReadOnlyList<PassRecord> passes)
    {
        ArgumentNullException.ThrowIfNull(passes);
        var annotated = new List<PassRecord>(passes.Count);
        for (var i = 0; i < passes.Count; i++)
        {
            var pass = passes[i];
            var limitAtStart = progress.Decisions.Where(d => d.AtMs < pass.AtMs && d.DowntimeLimitMs is not null)
                .Select(d => d.DowntimeLimitMs).LastOrDefault() ?? initialLimitMs;
            var nextAt = i + 1 < passes.Count ? passes[i + 1].AtMs : double.PositiveInfinity;
            var during = progress.Decisions.Where(d => (i == 0 || d.AtMs >= pass.AtMs) && d.AtMs < nextAt).ToList();
            annotated.Add(pass with { DowntimeLimitMs = limitAtStart, Decisions = during });
        }
        return annotated;
    }
}
