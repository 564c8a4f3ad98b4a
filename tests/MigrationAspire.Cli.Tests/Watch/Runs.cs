using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Tests.Watch;

/// <summary>Runs and samples as the lab reports them, for the watch's tests.</summary>
internal static class Runs
{
    public const string ExperimentId = "exp-1a2b3c4d";

    public static RunRecord Pending(int index, string mode = "precopy") => new()
    {
        Plan = new RunPlan
        {
            RunId = RunPlan.MakeRunId(ExperimentId, index), ExperimentId = ExperimentId, Index = index, Repetition = 0,
            Parameters = [new RunParameter { Path = "migration.mode", Value = $"\"{mode}\"" }],
            Vm = new VmSpec(), Workload = new WorkloadSpec(), Migration = new MigrationSpec(),
        },
        Status = RunStatus.Pending,
    };

    public static ExperimentView Experiment(int runs) => new()
    {
        Id = ExperimentId, Name = "modes", Spec = new ExperimentSpec { Name = "modes" }, Status = ExperimentStatus.Running,
        Runs = new RunCounts { Pending = runs }, CreatedAt = DateTimeOffset.UnixEpoch,
    };

    public static LiveSample Sample(double atMs, long pass, long remainingMiB, long sentMiB, string status = "active") => new()
    {
        AtMs = atMs, Status = status, Pass = pass, RemainingBytes = remainingMiB << 20, TransferredBytes = sentMiB << 20,
        DirtyPagesRate = 20_000, ThroughputMbps = 1048.576,
    };

    public static MigrationResult Result(double totalMs, double downtimeMs, long passes) => new()
    {
        Mode = MigrationMode.Precopy, TotalTimeMs = totalMs, DowntimeMs = downtimeMs, SetupTimeMs = 2,
        ExpectedDowntimeMs = 300, Passes = passes, TransferredBytes = 424L << 20, NormalBytes = 400L << 20, ZeroPages = 10,
        ThroughputMbps = 900, DirtyPagesRate = 20_000, PostcopyRequests = 0, CpuThrottlePercent = 0, PrecopyTimeMs = totalMs - downtimeMs,
        SwitchoverMs = downtimeMs, GuestObservedDowntimeMs = 35, TargetDirtyRate = 20_000, GuestHealthy = true, IntegrityErrors = 0,
        PagesVerified = 32768, SourceCpuSeconds = 3, DestinationCpuSeconds = 1, PassHistory = [], StartedAt = DateTimeOffset.UnixEpoch,
        FinishedAt = DateTimeOffset.UnixEpoch, SourceHost = "a", DestinationHost = "b", Accelerator = "tcg", QemuVersion = "10.0.2", SampleCount = 30,
    };
}
