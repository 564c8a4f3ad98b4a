using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationAspire.Executor.Qmp;

/// <summary>The serializer settings every QMP message goes through.</summary>
public static class QmpJson
{
    /// <summary>
    /// QMP spells members in kebab case (<c>dirty-sync-count</c>), so C# records map without attributes.
    /// Null members are omitted because QMP treats an absent optional argument as "leave unchanged",
    /// whereas an explicit null is rejected.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal static T Deserialize<T>(JsonElement element, string what) =>
        element.Deserialize<T>(Options)
        ?? throw new JsonException($"QMP {what} deserialized to null as {typeof(T).Name}: {element.GetRawText()}");
}
