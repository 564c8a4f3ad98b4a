using MigrationAspire.AppHost.Infrastructure;

namespace MigrationAspire.AppHost;

public static class LabServiceExtensions
{
    /// <summary>A lab service: one HTTP endpoint, and ready only when its /health says so.</summary>
    public static IResourceBuilder<ProjectResource> AddLabService<TProject>(
        this IDistributedApplicationBuilder builder, string name, int? port = null)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(port: port, name: "http")
            .WithHttpHealthCheck("/health");

    /// <summary>An executor on hypervisor host <paramref name="host"/>, with its own work directory.</summary>
    public static IResourceBuilder<ProjectResource> AddExecutorHost(
        this IDistributedApplicationBuilder builder, string host, LabPaths paths)
    {
        var config = builder.Configuration;
        return builder.AddLabService<Projects.MigrationAspire_Executor>($"executor-{host}")
            .WithEnvironment("Executor__HostName", host)
            .WithEnvironment("Executor__WorkDirectory", paths.For(Path.Combine("hosts", host)))
            .WithEnvironment("Executor__GuestDirectory", paths.GuestDirectory)
            .WithEnvironment("Executor__Accelerator", config["Lab:Accelerator"] ?? "auto")
            .WithEnvironment("Executor__MemoryBudgetMiB", config["Lab:HostMemoryMiB"] ?? "4096")
            .WithEnvironment("Executor__MaxVms", config["Lab:HostMaxVms"] ?? "4")
            // Only the end-to-end tests set it: executors then accept commands that damage guests on purpose.
            .WithEnvironment("Executor__TestCommands", config["Lab:TestCommands"] ?? "false");
    }

    /// <summary>The executor hosts: <c>a,b</c> unless <c>Lab:Hosts</c> lists others (a migration needs two).</summary>
    public static IReadOnlyList<string> ExecutorHosts(this IDistributedApplicationBuilder builder)
    {
        var hosts = (builder.Configuration["Lab:Hosts"] ?? "a,b").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (hosts.Length < 2 || hosts.Distinct().Count() != hosts.Length)
            throw new InvalidOperationException($"Lab:Hosts must name at least two distinct hosts, not '{builder.Configuration["Lab:Hosts"]}'");
        return hosts;
    }

    /// <summary>The API's port: 5080 unless <c>Lab:ApiPort</c> says otherwise; 0 lets the OS choose.</summary>
    public static int ApiPort(this IDistributedApplicationBuilder builder) =>
        builder.Configuration["Lab:ApiPort"] is { } value && int.TryParse(value, out var port)
            ? (port == 0 ? FreePort.Next() : port)
            : 5080;
}
