using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Support;

/// <summary>Finished runs built for tests: parameters as (path, raw JSON literal), metrics where the test cares.</summary>
internal static class TestRuns
{
    public static readonly DateTimeOffset Finished = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static RunPlan Plan(
        string experimentId, int index, (string Path, string Raw)[] parameters,
        VmSpec? vm = null, WorkloadSpec? workload = null, MigrationSpec? migration = null, int repetition = 0) => new()
        {
            RunId = RunPlan.MakeRunId(experimentId, index),
            ExperimentId = experimentId,
            Index = index,
            Repetition = repetition,
            Parameters = parameters.Select(p => new RunParameter { Path = p.Path, Value = p.Raw }).ToArray(),
            Vm = vm ?? new VmSpec(),
            Workload = workload ?? new WorkloadSpec(),
            Migration = migration ?? new MigrationSpec(),
        };

    public static RunRecord Completed(RunPlan plan, MigrationResult result) => new()
    {
        Plan = plan,
        Status = RunStatus.Completed,
        Result = result,
        SourceHost = "a",
        DestinationHost = "b",
        FinishedAt = Finished,
    };

    public static RunRecord Completed(RunPlan plan, double downtimeMs, double totalTimeMs = 1000, double? measuredDirtyRate = 5000) =>
        Completed(plan, Result(plan.Migration.Mode, downtimeMs, totalTimeMs, measuredDirtyRate: measuredDirtyRate));

    public static RunRecord Failed(RunPlan plan, string reason, MigrationResult? partial = null, RunStatus status = RunStatus.Failed) => new()
    {
        Plan = plan,
        Status = status,
        Result = partial,
        FailedStep = RunStep.Migrate,
        FailureReason = reason,
        SourceHost = "a",
        DestinationHost = "b",
        FinishedAt = Finished,
    };

    public static MigrationResult Result(
        MigrationMode mode, double downtimeMs, double totalTimeMs = 1000, long transferredBytes = 100_000_000,
        double? measuredDirtyRate = 5000, IReadOnlyList<PassRecord>? passes = null) => new()
        {
            Mode = mode,
            TotalTimeMs = totalTimeMs,
            DowntimeMs = downtimeMs,
            SetupTimeMs = 5,
            ExpectedDowntimeMs = 250,
            Passes = passes?.Count ?? 3,
            TransferredBytes = transferredBytes,
            NormalBytes = transferredBytes - 1_000_000,
            ZeroPages = 100_000,
            ThroughputMbps = 800,
            DirtyPagesRate = 4900,
            PostcopyRequests = 0,
            CpuThrottlePercent = 0,
            PrecopyTimeMs = mode == MigrationMode.Stopcopy ? 0 : totalTimeMs - downtimeMs,
            SwitchoverMs = downtimeMs + 2,
            GuestObservedDowntimeMs = downtimeMs + 10,
            MeasuredDirtyRate = measuredDirtyRate,
            TargetDirtyRate = 5000,
            GuestHealthy = true,
            IntegrityErrors = 0,
            PagesVerified = 32768,
            SourceCpuSeconds = 1.5,
            DestinationCpuSeconds = 0.5,
            PassHistory = passes ?? [],
            StartedAt = Finished.AddMilliseconds(-totalTimeMs),
            FinishedAt = Finished,
            SourceHost = "a",
            DestinationHost = "b",
            Accelerator = "tcg",
            QemuVersion = "10.0.2",
            SampleCount = 10,
        };

    public static IReadOnlyList<PassRecord> Passes(params (double AtMs, long RemainingBytes)[] passes) =>
        passes.Select((p, i) => new PassRecord
        {
            Pass = i + 1,
            AtMs = p.AtMs,
            RemainingBytes = p.RemainingBytes,
            TransferredBytes = 1_000_000 * (i + 1),
            DirtyPagesRate = 5000,
            ThroughputMbps = 900,
            CpuThrottlePercent = 0,
        }).ToArray();

    public static (string, string) Mode(string mode) => ("migration.mode", $"\"{mode}\"");

    public static (string, string) Memory(int mib) => ("vm.memoryMiB", mib.ToString());
}
