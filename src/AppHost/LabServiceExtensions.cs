using MigrationAspire.AppHost.Infrastructure;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.AppHost;

public static class LabServiceExtensions
{
    /// <summary>
    /// A lab service: one HTTP endpoint, and ready only when its /health says so. Unless <paramref name="proxied"/>,
    /// callers reach it on its own port rather than through the orchestrator's proxy, which holds a connection to a
    /// dead service open instead of refusing it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddLabService<TProject>(
        this IDistributedApplicationBuilder builder, string name, int? port = null, bool proxied = true)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true);
        if (proxied)
            service.WithHttpEndpoint(port: port, name: "http");
        else
        {
            var own = port ?? FreePort.Next();
            service.WithHttpEndpoint(port: own, targetPort: own, name: "http", isProxied: false);
        }
        return service.WithHttpHealthCheck("/health");
    }

    /// <summary>An executor on hypervisor host <paramref name="host"/>, with its own work directory.</summary>
    public static IResourceBuilder<ProjectResource> AddExecutorHost(
        this IDistributedApplicationBuilder builder, string host, LabPaths paths, LabNetwork? network)
    {
        // On the lab network the host's QEMUs run in its namespace and listen on its address; else loopback.
        var address = LabHostNetwork.AddressOf(network, host);
        // The lab's knobs reach the executors only when set: ExecutorOptions states the defaults, once.
        return builder.AddLabService<Projects.MigrationAspire_Executor>($"executor-{host}")
            .WithEnvironment("Executor__HostName", host)
            .WithEnvironment("Executor__WorkDirectory", paths.For(Path.Combine("hosts", host)))
            .WithEnvironment("Executor__GuestDirectory", paths.GuestDirectory)
            .WithLabSetting("Lab:Accelerator", "Executor__Accelerator")
            .WithLabSetting("Lab:HostMemoryMiB", "Executor__MemoryBudgetMiB")
            .WithLabSetting("Lab:HostMaxVms", "Executor__MaxVms")
            // Only the end-to-end tests set it: executors then accept commands that damage guests on purpose.
            .WithLabSetting("Lab:TestCommands", "Executor__TestCommands")
            .WithEnvironment(context =>
            {
                if (address is null)
                    return;
                context.EnvironmentVariables["Executor__Network__LabDirectory"] = paths.LabDirectory;
                context.EnvironmentVariables["Executor__MigrationAddress"] = address.ToString();
            });
    }

    /// <summary>Passes the lab setting <paramref name="key"/> to a service as <paramref name="variable"/> when it is set; otherwise the service's own default holds.</summary>
    public static IResourceBuilder<ProjectResource> WithLabSetting(this IResourceBuilder<ProjectResource> service, string key, string variable) =>
        service.ApplicationBuilder.Configuration[key] is { } value ? service.WithEnvironment(variable, value) : service;

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
