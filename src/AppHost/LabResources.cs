namespace MigrationAspire.AppHost;

/// <summary>Which resources of the app model are the lab's own processes and containers.</summary>
internal static class LabResources
{
    // The dashboard is itself an executable resource in run mode; it is not part of the lab.
    public const string DashboardResourceName = "aspire-dashboard";

    /// <summary>A process or container the lab runs: not the dashboard, not one of Aspire's helpers.</summary>
    public static bool IsLabProcess(IResource resource) =>
        resource is ProjectResource or ExecutableResource or ContainerResource
        && resource.Name != DashboardResourceName && !IsAspireHelper(resource);

    // Aspire adds helper resources of its own (project rebuilders) that never become healthy; they are
    // subclasses defined in Aspire.Hosting itself, while the lab's resources are the base types or its own.
    private static bool IsAspireHelper(IResource resource)
    {
        var type = resource.GetType();
        return type.Assembly == typeof(ProjectResource).Assembly
            && type != typeof(ProjectResource) && type != typeof(ExecutableResource) && type != typeof(ContainerResource);
    }
}
