using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationAspire.Analytics;

/// <summary>
/// Numbers in analytics' answers: JSON has none for NaN or infinity, and the serializer would fail the whole
/// response (a 500). A figure that is not a finite number was not measured or cannot be computed, and the API's
/// word for that is null. The statistics make such figures null themselves; this is the last guard, chiefly for
/// stored results, whose figures are kept as the executor sent them.
/// </summary>
public sealed class FiniteNumberJson : JsonConverter<double>
{
    public override bool HandleNull => false;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteNullValue();
    }
}

/// <summary>Says so in the OpenAPI document: the generator describes a number with its own converter as "any value".</summary>
internal sealed class FiniteNumberSchema : Microsoft.AspNetCore.OpenApi.IOpenApiSchemaTransformer
{
    public Task TransformAsync(Microsoft.OpenApi.OpenApiSchema schema, Microsoft.AspNetCore.OpenApi.OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(double) || context.JsonTypeInfo.Type == typeof(double?))
        {
            schema.Type = Microsoft.OpenApi.JsonSchemaType.Number | Microsoft.OpenApi.JsonSchemaType.Null;
            schema.Format = "double";
        }
        return Task.CompletedTask;
    }
}
