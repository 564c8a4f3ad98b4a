using MigrationAspire.Cli.Experiments;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Watch;

/// <summary>What the watch shows of one run: its status, and while it migrates the latest reading of QEMU.</summary>
internal sealed record RunLine
{
    public required string RunId { get; init; }
    public required int Index { get; init; }
    public required string Group { get; init; }
    public RunStatus Status { get; init; }
    public RunStep? Step { get; init; }

    /// <summary>The latest sample taken while migrating; a stream's final sample carries no figures and is left out.</summary>
    public LiveSample? Latest { get; init; }

    public TimeSpan? Eta { get; init; }
    public MigrationResult? Result { get; init; }
    public string? FailureReason { get; init; }

    public bool IsFinal => Status.IsFinal();

    /// <summary>The pre-copy pass (QEMU's dirty-sync count): live while migrating, the result's once done.</summary>
    public long? Pass => Result?.Passes ?? Latest?.Pass;

    /// <summary>Whether QEMU has published a dirty rate yet in this run; until it does, its 0 means "not measured".</summary>
    public bool DirtyRateMeasured { get; init; }

    public long? DirtyPagesRate => DirtyRateMeasured ? Latest?.DirtyPagesRate : null;

    /// <summary>QEMU's throughput; 0 means it has not measured one yet (a migration under way always sends).</summary>
    public double? ThroughputMbps => Latest is { ThroughputMbps: > 0 } s ? s.ThroughputMbps : null;

    /// <summary>Sent over sent plus remaining, 0–1: it falls back each pass as the guest dirties pages again.</summary>
    public double? Progress => Latest is { } s && s.TransferredBytes + s.RemainingBytes > 0
        ? (double)s.TransferredBytes / (s.TransferredBytes + s.RemainingBytes)
        : null;

    public static RunLine From(RunRecord run) => new RunLine
    {
        RunId = run.Plan.RunId, Index = run.Plan.Index, Group = RunText.Group(run.Plan),
    }.With(run);

    public RunLine With(RunRecord run) => this with
    {
        Status = run.Status,
        Step = run.Step,
        Result = run.Result ?? Result,
        FailureReason = run.FailureReason,
    };

    public RunLine With(RunChanged change) => this with { Status = change.Status, Step = change.Step, FailureReason = change.FailureReason };

    public RunLine With(RunSampled sampled) => MigrationStatus.IsFinal(sampled.Sample.Status)
        ? this with { Eta = null }
        : this with { Latest = sampled.Sample, Eta = sampled.Eta, DirtyRateMeasured = DirtyRateMeasured || sampled.Sample.DirtyPagesRate > 0 };
}
