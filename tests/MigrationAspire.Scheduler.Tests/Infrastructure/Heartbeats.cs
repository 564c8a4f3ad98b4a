using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Tests.Infrastructure;

/// <summary>What an executor host says about itself every few seconds.</summary>
public static class Heartbeats
{
    public static HostHeartbeat For(string host, string accelerator = "tcg", string instanceId = "instance-1",
        IEnumerable<string>? vms = null, int memoryBudgetMiB = 4096, int memoryUsedMiB = 0, int maxVms = 4,
        double intervalSeconds = 1) => new()
        {
            Report = new HostReport
            {
                Host = host,
                InstanceId = instanceId,
                Accelerator = accelerator,
                AcceleratorReason = accelerator == "unknown" ? "still probing" : "test host",
                QemuVersion = "10.0.0",
                MigrationAddress = "127.0.0.1",
                MemoryBudgetMiB = memoryBudgetMiB,
                MemoryUsedMiB = memoryUsedMiB,
                MaxVms = maxVms,
                Vms = (vms ?? []).Select(vm => new VmReport { VmId = vm, State = VmState.Running, MemoryMiB = 256 }).ToList(),
            },
            SentAt = DateTimeOffset.UnixEpoch,
            Interval = TimeSpan.FromSeconds(intervalSeconds),
        };
}
