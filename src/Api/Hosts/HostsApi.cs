using Microsoft.AspNetCore.Http.HttpResults;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Hosts;

public static class HostsApi
{
    public static RouteGroupBuilder MapHosts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/hosts").WithTags("Hosts");
        group.MapGet("", List).WithSummary("Every executor host: liveness, accelerator, QEMU version, capacity and VMs");
        return group;
    }

    private static async Task<Ok<IReadOnlyList<HostView>>> List(IGrainFactory grains)
    {
        var names = await grains.GetGrain<IHostRegistryGrain>(IHostRegistryGrain.Key).List();
        var views = await Task.WhenAll(names.Select(name => grains.GetGrain<IHostGrain>(name).Get().AsTask()));
        IReadOnlyList<HostView> hosts = [.. views.OfType<HostView>().OrderBy(h => h.Report.Host, StringComparer.Ordinal)];
        return TypedResults.Ok(hosts);
    }
}
