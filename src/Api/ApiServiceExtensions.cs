using MigrationAspire.Api.Analytics;
using MigrationAspire.Api.Experiments;
using MigrationAspire.Api.Live;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api;

public static class ApiServiceExtensions
{
    /// <summary>Options, spec JSON for every response, problem details, the OpenAPI document and the analytics proxy.</summary>
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ApiOptions>(ApiOptions.Section);
        builder.Services.AddValidatedOptions<ExperimentLimits>(ExperimentLimits.Section);
        builder.Services.AddValidatedOptions<LiveOptions>(LiveOptions.Section);

        // Responses read like the specs users send: camelCase, enums as strings.
        builder.Services.ConfigureHttpJsonOptions(o => SpecJson.Apply(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddSchemaTransformer<SweepSchema>().AddSchemaTransformer<EnumSchema>());
        builder.Services.AddSingleton<SampleStreamReader>();
        builder.AddAnalyticsProxy();
        return builder;
    }
}
