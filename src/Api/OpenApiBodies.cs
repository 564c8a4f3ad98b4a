using Microsoft.OpenApi;

namespace MigrationAspire.Api;

public static class OpenApiBodies
{
    /// <summary>
    /// Documents a JSON request body the handler reads itself. <c>Accepts&lt;T&gt;</c> would also make routing answer
    /// 415 to other content types, where the API promises a 400 problem naming the rule.
    /// </summary>
    public static RouteHandlerBuilder DocumentsJsonBody<T>(this RouteHandlerBuilder builder, bool required = true) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = required,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
