using MigrationAspire.AppHost;
using MigrationAspire.AppHost.Infrastructure;
using MigrationAspire.AppHost.Supervision;

var builder = DistributedApplication.CreateBuilder(args);
builder.Services.AddHostedService<LabReadyReporter>();
builder.AddResourceSupervision();
var paths = LabPaths.From(builder);
var containers = ContainerRuntime.IsUsable(builder.Configuration);
var hosts = builder.ExecutorHosts();
var network = await builder.AddLabNetworkAsync(paths, hosts);

var redis = builder.AddLabRedis("redis", paths, containers);
var messaging = builder.AddLabRabbitMq("messaging", paths, containers);

var orleans = builder.AddOrleans("cluster")
    .WithClustering(redis)
    .WithGrainStorage("Default", redis)
    .WithReminders(redis);

var scheduler = builder.AddLabService<Projects.MigrationAspire_Scheduler>("scheduler")
    .WithLabSetting("Lab:MaxRunsPerExperiment", "Experiments__MaxRunsPerExperiment")
    .WithLabSetting("Lab:MaxConcurrentExperiments", "Scheduler__MaxConcurrentExperiments")
    .WithReference(orleans).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging);

foreach (var host in hosts)
{
    builder.AddExecutorHost(host, paths, network)
        .WithReference(redis).WaitFor(redis)
        .WithReference(messaging).WaitFor(messaging);
}

// Not proxied: while analytics is down the API gets a refusal at once, and answers 503 naming it.
var analytics = builder.AddLabService<Projects.MigrationAspire_Analytics>("analytics", proxied: false)
    .WithEnvironment("Analytics__DatabasePath", Path.Combine(paths.For("analytics"), "analytics.duckdb"))
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(redis);

builder.AddLabService<Projects.MigrationAspire_Api>("api", port: builder.ApiPort())
    .WithLabSetting("Lab:MaxRunsPerExperiment", "Experiments__MaxRunsPerExperiment")
    .WithReference(orleans.AsClient()).WaitFor(scheduler)
    .WithReference(redis).WaitFor(redis)
    .WithReference(analytics).WaitFor(analytics);

builder.Build().Run();
