using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Experiments;

/// <summary>
/// Enums as the strings <see cref="StrictEnumConverter"/> reads and writes: the schema generator describes only its
/// own enum converter and would leave these as "any value".
/// </summary>
internal sealed class EnumSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var declared = context.JsonTypeInfo.Type;
        if ((Nullable.GetUnderlyingType(declared) ?? declared) is { IsEnum: true } type)
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. Enum.GetValues(type).Cast<object>().Select(v => (JsonNode)JsonValue.Create(NameOf(type, v))!)];
        }
        return Task.CompletedTask;
    }

    private static string NameOf(Type type, object value) =>
        System.Text.Json.JsonSerializer.Serialize(value, type, SpecJson.Options).Trim('"');
}
