namespace MigrationAspire.AppHost.Supervision;

public static class SupervisionExtensions
{
    /// <summary>The app host restarts the lab's processes that crash, with back-off and a budget (<see cref="SupervisionOptions"/>).</summary>
    public static IDistributedApplicationBuilder AddResourceSupervision(this IDistributedApplicationBuilder builder)
    {
        builder.Services.AddOptions<SupervisionOptions>()
            .BindConfiguration(SupervisionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RestartPolicy>();
        builder.Services.AddHostedService<ResourceSupervisor>();
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>((started, _) =>
        {
            if (LabResources.IsLabProcess(started.Resource))
                DeliberateStops.Watch(started.Resource, started.Services.GetRequiredService<RestartPolicy>(),
                    started.Services.GetRequiredService<ILogger<RestartPolicy>>());
            return Task.CompletedTask;
        });
        return builder;
    }
}
