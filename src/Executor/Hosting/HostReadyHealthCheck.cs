using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MigrationAspire.Executor.Hosting;

/// <summary>Degraded while the host probes its accelerator; unhealthy with the reason when it cannot run VMs.</summary>
public sealed class HostReadyHealthCheck(HostRuntime runtime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            runtime.IsReady ? HealthCheckResult.Healthy($"{runtime.Accelerator.Accelerator}: {runtime.Accelerator.Reason}")
            : runtime.Failure is { } failure ? HealthCheckResult.Unhealthy(failure)
            : HealthCheckResult.Degraded("probing the accelerator"));
}
