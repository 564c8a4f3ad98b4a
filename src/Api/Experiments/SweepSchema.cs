using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Experiments;

/// <summary>
/// Describes <c>sweep</c> as users write it, an object of dotted paths to arrays of values: the schema generator
/// only sees the list of axes behind <see cref="SweepJsonConverter"/>.
/// </summary>
internal sealed class SweepSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is { Name: "sweep" } property && property.DeclaringType == typeof(ExperimentSpec))
        {
            schema.Type = JsonSchemaType.Object;
            schema.Items = null;
            schema.Properties?.Clear();
            schema.AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, MinItems = 1, Items = new OpenApiSchema() };
            schema.Description = "Runs are the cross product of these values, each repeated `repetitions` times. Keys are dotted paths, one of: "
                + string.Join(", ", SpecPaths.Sweepable.Keys) + ". Example: {\"migration.mode\": [\"precopy\", \"stopcopy\"], \"vm.memoryMiB\": [256, 512]}.";
        }
        return Task.CompletedTask;
    }
}
