using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MigrationAspire.Analytics.Storage;

/// <summary>Degraded (so /health is 503) until the database is open and its schema exists.</summary>
public sealed class RunStoreHealthCheck(RunStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.IsReady
            ? HealthCheckResult.Healthy($"run store open at {store.DatabasePath}")
            : HealthCheckResult.Degraded("run store not open yet"));
}
