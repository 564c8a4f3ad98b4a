using System.Collections.Immutable;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Migration;

namespace MigrationAspire.Executor.Convergence;

/// <summary>
/// What the source knows about one migration at its latest sample: every <c>query-migrate</c> reading so far,
/// the passes they began, the policy's decisions applied, and the run's fixed facts. Immutable: the monitor keeps
/// the latest and makes the next with <see cref="Observe"/> and <see cref="Apply"/>. Times are milliseconds since
/// <c>migrate</c>, as in <see cref="LiveSample.AtMs"/>.
/// </summary>
public sealed record MigrationProgress
{
    /// <summary>x86's target page, the unit of QEMU's <c>dirty-pages-rate</c>.</summary>
    public const long DefaultPageSizeBytes = 4096;

    private const long MiB = 1024 * 1024;

    public required long MemoryBytes { get; init; }

    /// <summary>QEMU's <c>downtime-limit</c> in force now.</summary>
    public required long DowntimeLimitMs { get; init; }

    public ImmutableList<LiveSample> Samples { get; init; } = [];

    /// <summary>One record per pass, made from the first sample that saw its dirty-sync-count.</summary>
    public ImmutableList<PassRecord> Passes { get; init; } = [];

    /// <summary>The policy's decisions that asked for an action and were applied, oldest first.</summary>
    public ImmutableList<PolicyDecision> Decisions { get; init; } = [];

    public long PageSizeBytes { get; init; } = DefaultPageSizeBytes;

    /// <summary>The guest's dirty rate measured before migrating (<c>calc-dirty-rate</c>), pages/s: the only one
    /// there is during the first pass, before QEMU publishes its own.</summary>
    public long? ProbedDirtyPagesRate { get; init; }

    /// <summary>The rate of the final copy, which QEMU sends without its <c>max-bandwidth</c> cap (docs/machine-facts.md): a
    /// shaped link's rate when known; null means the measured throughput, which makes the downtime an upper bound.</summary>
    public double? SwitchoverBytesPerSecond { get; init; }

    /// <summary>
    /// The working set the run's workload rewrites (its plan's <c>workingSetMiB</c>): what the predictor expects pass 2
    /// to find until a pass from 2 on has been seen. Without it the guess is the guest's whole memory, which made every
    /// first-pass forecast of a 256 MiB guest rewriting 24 MiB tens of seconds too late (the head-to-head, 2026-12-03).
    /// </summary>
    public long? PlannedWorkingSetBytes { get; init; }

    /// <summary>
    /// The bytes the first pass sends as data, from the plan (working set, the guest image's own footprint and the
    /// resident share): the rest of the guest's memory has never been written and goes as few-byte zero-page markers,
    /// mostly at the end of the pass (a 256 MiB guest's last 140 MiB went in 0.1 s). Null: the first pass is judged by
    /// the rate it has drained at.
    /// </summary>
    public long? PlannedDataBytes { get; init; }

    public TimeSpan? MaxTime { get; init; }
    public long? MaxPasses { get; init; }

    public double AtMs => Samples.IsEmpty ? 0 : Samples[^1].AtMs;
    public TimeSpan Elapsed => TimeSpan.FromMilliseconds(AtMs);

    /// <summary>The pass in progress (QEMU's dirty-sync-count); 0 before QEMU reports RAM statistics.</summary>
    public long Pass => Passes.IsEmpty ? 0 : Passes[^1].Pass;

    /// <summary>The latest sample began a pass.</summary>
    public bool AtPassBoundary => !Passes.IsEmpty && !Samples.IsEmpty && Passes[^1].AtMs == Samples[^1].AtMs;

    /// <summary>A run's progress before <c>migrate</c>, with the limit its policy sets first.</summary>
    public static MigrationProgress Start(MigrationSpec migration, VmSpec vm, IConvergencePolicy policy) => new()
    {
        MemoryBytes = vm.MemoryMiB * MiB,
        DowntimeLimitMs = policy.InitialDowntimeLimitMs,
        MaxTime = TimeSpan.FromSeconds(migration.MaxTimeSeconds),
        MaxPasses = migration.MaxPasses,
    };

    /// <exception cref="ArgumentException">The sample is older than the latest one.</exception>
    public MigrationProgress Observe(LiveSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.AtMs < AtMs)
            throw new ArgumentException($"Sample at {sample.AtMs} ms is older than the latest, at {AtMs} ms.", nameof(sample));
        var passes = sample.Pass > Pass
            ? Passes.Add(new PassRecord
            {
                Pass = sample.Pass,
                AtMs = sample.AtMs,
                RemainingBytes = sample.RemainingBytes,
                TransferredBytes = sample.TransferredBytes,
                DirtyPagesRate = sample.DirtyPagesRate,
                ThroughputMbps = sample.ThroughputMbps,
                CpuThrottlePercent = sample.CpuThrottlePercent,
            })
            : Passes;
        return this with { Samples = Samples.Add(sample), Passes = passes };
    }

    /// <summary>Records a decision that was carried out; a new limit is in force from now on.</summary>
    public MigrationProgress Apply(PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Action == ConvergenceAction.None ? this : this with
        {
            Decisions = Decisions.Add(decision),
            DowntimeLimitMs = decision is { Action: ConvergenceAction.SetDowntimeLimit, DowntimeLimitMs: { } limit } ? limit : DowntimeLimitMs,
        };
    }

    public PolicyDecision NoAction(string reason) => Decision(ConvergenceAction.None, reason);

    public PolicyDecision SetDowntimeLimit(long limitMs, string reason) => Decision(ConvergenceAction.SetDowntimeLimit, reason, limitMs);

    public PolicyDecision Decision(ConvergenceAction action, string reason, long? limitMs = null) => new()
    {
        AtMs = AtMs,
        Pass = Pass,
        Action = action,
        DowntimeLimitMs = limitMs,
        Reason = reason,
    };

    internal static long DefaultDowntimeLimitMs => MigrationTuning.DefaultDowntimeLimitMs;
}
