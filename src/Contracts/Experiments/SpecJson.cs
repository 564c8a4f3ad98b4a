using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MigrationAspire.Contracts;

/// <summary>
/// The JSON every service uses for experiment specs and views: camelCase names, enums as camelCase strings
/// (<c>precopy</c>, <c>stopcopy</c>, <c>zstd</c>), unknown members and repeated keys rejected, numbers only as JSON numbers.
/// </summary>
public static class SpecJson
{
    /// <summary>Shared, read-only options.</summary>
    public static JsonSerializerOptions Options { get; } = CreateReadOnly();

    /// <summary>Applies the spec settings to fresh options someone else created (ASP.NET Core's HTTP JSON options).</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.PropertyNameCaseInsensitive = false;
        // A typo in a field name must not silently fall back to a default: specs are experiments' inputs.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // With repeated keys the last one would win unseen: {"mode": "precopy", …, "mode": "stopcopy"}.
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.RespectNullableAnnotations = true;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.AllowTrailingCommas = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new StrictEnumConverter());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
            .WithAddedModifier(LeaveMissingNameToValidator);
    }

    private static JsonSerializerOptions CreateReadOnly()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General);
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// <c>ExperimentSpec.Name</c> is a C# <c>required</c> member, which the serializer would reject with a message
    /// naming .NET types. Reading it as optional lets <see cref="ExperimentSpecValidator"/> report it with its rule.
    /// </summary>
    private static void LeaveMissingNameToValidator(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(ExperimentSpec))
            return;
        foreach (var property in typeInfo.Properties)
            property.IsRequired = false;
    }
}
