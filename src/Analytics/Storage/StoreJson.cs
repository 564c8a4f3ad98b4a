using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Storage;

/// <summary>How plans and results are kept as JSON in the store: the web's camelCase, enums by name.</summary>
public static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        // An executor may measure NaN or infinity (a rate over no time): the document keeps it as "NaN"
        // rather than the whole run being lost; the metric columns hold NULL for it (RunColumns).
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        // Plans and results stored before fields were renamed still read.
        FormerNames.Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The lower-case name the store and the API use for an enum value, e.g. <c>stopcopy</c>.</summary>
    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
