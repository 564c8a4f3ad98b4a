using MigrationAspire.Contracts;

namespace MigrationAspire.Bench;

/// <summary>
/// Finished runs shaped like a real sweep (mode × VM size), with noisy metrics and a handful of passes each,
/// so the stored JSON and the statistics cost what real ones would.
/// </summary>
internal static class SyntheticRuns
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Groups of <c>migration.mode</c> × <c>vm.memoryMiB</c>, runs interleaved as an experiment runs them.</summary>
    public static IEnumerable<RunRecord> Experiment(string experimentId, int groups, int runsPerGroup, int seed = 1)
    {
        var random = new Random(seed);
        var sizes = Enumerable.Range(0, (groups + 1) / 2).Select(i => 256 * (i + 1)).ToArray();
        var cells = (from mode in new[] { MigrationMode.Precopy, MigrationMode.Stopcopy } from size in sizes select (mode, size))
            .Take(groups).ToArray();
        var index = 0;
        for (var repetition = 0; repetition < runsPerGroup; repetition++)
        {
            foreach (var (mode, size) in cells)
            {
                yield return Run(experimentId, index++, repetition, mode, size, random);
            }
        }
    }

    private static RunRecord Run(string experimentId, int index, int repetition, MigrationMode mode, int sizeMiB, Random random)
    {
        var plan = new RunPlan
        {
            RunId = RunPlan.MakeRunId(experimentId, index), ExperimentId = experimentId, Index = index, Repetition = repetition,
            Parameters =
            [
                new RunParameter { Path = "migration.mode", Value = $"\"{mode.ToString().ToLowerInvariant()}\"" },
                new RunParameter { Path = "vm.memoryMiB", Value = sizeMiB.ToString() },
            ],
            Vm = new VmSpec { MemoryMiB = sizeMiB },
            Workload = new WorkloadSpec { WorkingSetMiB = 128, DirtyRatePagesPerSecond = 5000 },
            Migration = new MigrationSpec { Mode = mode, MaxBandwidthMiBps = 100 },
        };
        if (random.NextDouble() < 0.02)
        {
            return new RunRecord
            {
                Plan = plan, Status = RunStatus.Failed, FailedStep = RunStep.Migrate, FailureReason = "max-time 120 s: cancel",
                SourceHost = "a", DestinationHost = "b", FinishedAt = Start.AddSeconds(index),
            };
        }

        var downtime = mode == MigrationMode.Precopy ? 30 + 20 * random.NextDouble() : sizeMiB * (1.8 + 0.2 * random.NextDouble());
        var total = mode == MigrationMode.Precopy ? 1800 + 400 * random.NextDouble() : downtime;
        var passes = Enumerable.Range(0, mode == MigrationMode.Precopy ? 5 : 1).Select(p => new PassRecord
        {
            Pass = p + 1, AtMs = total * p / 6, RemainingBytes = (long)(sizeMiB * 1_048_576.0 / (1 << (3 * p))),
            TransferredBytes = p * 50_000_000L, DirtyPagesRate = 5000, ThroughputMbps = 830, CpuThrottlePercent = 0,
        }).ToArray();
        return new RunRecord
        {
            Plan = plan, Status = RunStatus.Completed, SourceHost = "a", DestinationHost = "b", FinishedAt = Start.AddSeconds(index),
            Result = new MigrationResult
            {
                Mode = mode, TotalTimeMs = total, DowntimeMs = downtime, SetupTimeMs = 4,
                ExpectedDowntimeMs = 250, Passes = passes.Length, TransferredBytes = 180_000_000 + random.Next(10_000_000),
                NormalBytes = 170_000_000, ZeroPages = 80_000, ThroughputMbps = 830, DirtyPagesRate = 5010, PostcopyRequests = 0,
                CpuThrottlePercent = 0, PrecopyTimeMs = total - downtime, SwitchoverMs = downtime + 3,
                GuestObservedDowntimeMs = downtime + 12, MeasuredDirtyRate = 4900 + random.Next(200), TargetDirtyRate = 5000,
                GuestHealthy = true, IntegrityErrors = 0, PagesVerified = 32_768, SourceCpuSeconds = 2.1, DestinationCpuSeconds = 0.7,
                PassHistory = passes, StartedAt = Start.AddSeconds(index - 3), FinishedAt = Start.AddSeconds(index),
                SourceHost = "a", DestinationHost = "b", Accelerator = "tcg", QemuVersion = "10.0.2", SampleCount = (int)(total / 100),
            },
        };
    }
}
