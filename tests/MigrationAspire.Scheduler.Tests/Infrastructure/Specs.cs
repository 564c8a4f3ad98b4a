using System.Text.Json;
using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Tests.Infrastructure;

public static class Specs
{
    /// <summary>A small valid spec: a 256 MiB guest, a short migration time limit, no sweep.</summary>
    public static ExperimentSpec Simple(int repetitions = 1, int maxConcurrentRuns = 1, int memoryMiB = 256,
        double maxTimeSeconds = 5) => new()
        {
            Name = "scheduler-test",
            Vm = new VmSpec { MemoryMiB = memoryMiB, Vcpus = 1 },
            Workload = new WorkloadSpec { WorkingSetMiB = 64, DirtyRatePagesPerSecond = 1000 },
            Migration = new MigrationSpec { Mode = MigrationMode.Precopy, MaxTimeSeconds = maxTimeSeconds },
            Repetitions = repetitions,
            MaxConcurrentRuns = maxConcurrentRuns,
        };

    /// <summary>A spec as the API reads it from a request body.</summary>
    public static ExperimentSpec FromJson(string json) =>
        JsonSerializer.Deserialize<ExperimentSpec>(json, SpecJson.Options)!;
}

public static class Results
{
    public static MigrationResult Measured(string source, string destination, double totalTimeMs = 1234) => new()
    {
        Mode = MigrationMode.Precopy,
        TotalTimeMs = totalTimeMs,
        DowntimeMs = 40,
        SetupTimeMs = 3,
        ExpectedDowntimeMs = 30,
        Passes = 4,
        TransferredBytes = 300_000_000,
        NormalBytes = 250_000_000,
        ZeroPages = 1000,
        ThroughputMbps = 800,
        DirtyPagesRate = 1000,
        PostcopyRequests = 0,
        CpuThrottlePercent = 0,
        PrecopyTimeMs = totalTimeMs - 42,
        SwitchoverMs = 45,
        GuestObservedDowntimeMs = 50,
        MeasuredDirtyRate = 990,
        TargetDirtyRate = 1000,
        GuestHealthy = true,
        IntegrityErrors = 0,
        PagesVerified = 16384,
        SourceCpuSeconds = 1,
        DestinationCpuSeconds = 1,
        PassHistory = [],
        StartedAt = DateTimeOffset.UnixEpoch,
        FinishedAt = DateTimeOffset.UnixEpoch.AddMilliseconds(totalTimeMs),
        SourceHost = source,
        DestinationHost = destination,
        Accelerator = "tcg",
        QemuVersion = "10.0.0",
        SampleCount = 12,
    };
}
