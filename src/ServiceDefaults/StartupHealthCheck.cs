using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Degraded until the host has started every hosted service (an Orleans silo or client, a bus, a probe):
/// <c>WaitFor</c> then means ready, not merely started.
/// </summary>
public sealed class StartupHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
            ? HealthCheckResult.Healthy("started")
            : HealthCheckResult.Degraded("starting"));
}

public static class StartupHealthCheckExtensions
{
    public static IHealthChecksBuilder AddStartupCheck(this IHealthChecksBuilder builder) =>
        builder.AddCheck<StartupHealthCheck>("startup");
}
