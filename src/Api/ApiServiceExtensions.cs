using MigrationAspire.Api.Analytics;
using MigrationAspire.Api.Dependencies;
using MigrationAspire.Api.Experiments;
using MigrationAspire.Api.Live;
using Microsoft.Extensions.Options;
using MigrationAspire.Contracts;
using Orleans.Configuration;

namespace MigrationAspire.Api;

public static class ApiServiceExtensions
{
    /// <summary>Options, spec JSON for every response, problem details (503 for a dependency out of reach), the OpenAPI document and the analytics proxy.</summary>
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ApiOptions>(ApiOptions.Section);
        // A wedged scheduler costs a request this long, not Orleans' default 30 s (or forever under a debugger).
        builder.Services.AddOptions<ClientMessagingOptions>()
            .Configure<IOptions<ApiOptions>>((messaging, api) => messaging.ResponseTimeout = api.Value.SchedulerTimeout);
        builder.Services.AddValidatedOptions<ExperimentLimits>(ExperimentLimits.Section);
        builder.Services.AddValidatedOptions<LiveOptions>(LiveOptions.Section);

        // Responses read like the specs users send: camelCase, enums as strings.
        builder.Services.ConfigureHttpJsonOptions(o => SpecJson.Apply(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DependencyExceptionHandler>();
        builder.Services.AddOpenApi(o => o.AddSchemaTransformer<SweepSchema>().AddSchemaTransformer<EnumSchema>());
        builder.Services.AddSingleton<SampleStreamReader>();
        builder.AddAnalyticsProxy();
        return builder;
    }
}
