using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationAspire.Contracts;

/// <summary>
/// Enums as their camelCase names, read back ignoring case and nothing else. The framework's string-enum converter
/// parses like <c>Enum.Parse</c>: <c>"random, hotspot"</c> becomes the flag combination (<c>sweep</c>), padded names
/// and numbers in strings pass too — a spec that says one thing and runs another.
/// </summary>
public sealed class StrictEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    /// <summary>The name a value is written as, e.g. <c>stopcopy</c>.</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => Converter<TEnum>.Names[value];

    private sealed class Converter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        internal static readonly FrozenDictionary<TEnum, string> Names =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()));

        private static readonly FrozenDictionary<string, TEnum> Values =
            Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Parse(ref reader) : throw NotConvertible();

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Names.TryGetValue(value, out var name) ? name : value.ToString());

        public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Parse(ref reader);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WritePropertyName(Names.TryGetValue(value, out var name) ? name : value.ToString());

        private static TEnum Parse(ref Utf8JsonReader reader) =>
            Values.TryGetValue(reader.GetString()!, out var value) ? value : throw NotConvertible();

        // The serializer adds the path and position; SpecReader turns this into "… must be one of …".
        private static JsonException NotConvertible() => new($"The JSON value could not be converted to {typeof(TEnum).FullName}.");
    }
}
