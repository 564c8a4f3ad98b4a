using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;
using MigrationAspire.Analytics.Exports;
using MigrationAspire.Analytics.Ingest;
using MigrationAspire.Analytics.Plots;
using MigrationAspire.Analytics.Reports;
using MigrationAspire.Analytics.Runs;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Studies;
using MigrationAspire.Analytics.Summary;

namespace MigrationAspire.Analytics;

public static class AnalyticsServiceExtensions
{
    public const string RedisConnectionName = "redis";

    /// <summary>The store, the RunFinished consumer on the lab's bus, live samples when Redis is configured, health.</summary>
    public static WebApplicationBuilder AddAnalytics(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AnalyticsOptions>(AnalyticsOptions.Section);

        builder.Services.AddSingleton<RunStore>();
        builder.Services.AddHostedService<RunStoreInitializer>();
        builder.Services.AddSingleton<ExperimentSummaries>();
        builder.Services.AddHealthChecks()
            .AddCheck<RunStoreHealthCheck>("run-store")
            .AddStartupCheck();

        builder.AddLabMessaging(bus => bus.AddConsumer<RunFinishedConsumer, RunFinishedConsumerDefinition>());

        // Without Redis a timeline is drawn from the run's passes alone; for the same reason Redis being
        // down does not make analytics unready.
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString(RedisConnectionName)))
        {
            builder.AddRedisClient(RedisConnectionName, redis => redis.DisableHealthChecks = true);
            builder.Services.AddSingleton<ILiveSampleSource, RedisLiveSamples>();
        }
        else
        {
            builder.Services.AddSingleton<ILiveSampleSource, NoLiveSamples>();
        }

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.Converters.Add(new FiniteNumberJson());
            json.SerializerOptions.Converters.Add(new RunParameterJson());
        });
        builder.Services.AddOpenApi(o => o.AddSchemaTransformer<FiniteNumberSchema>());
        return builder;
    }

    public static WebApplication MapAnalytics(this WebApplication app)
    {
        // Under /api/analytics, so the API's proxy serves it too.
        app.MapOpenApi("/api/analytics/openapi/{documentName}.json");
        app.MapSummary();
        app.MapRuns();
        app.MapExports();
        app.MapPlots();
        app.MapReport();
        app.MapStudies();
        return app;
    }
}
