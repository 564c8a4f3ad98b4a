using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationAspire.Contracts;

/// <summary>Reads and writes a sweep as the JSON object users write: <c>{ "vm.memoryMiB": [256, 512] }</c>.</summary>
public sealed class SweepJsonConverter : JsonConverter<IReadOnlyList<SweepAxis>>
{
    public override IReadOnlyList<SweepAxis> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return [];
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("sweep must be an object whose keys are dotted spec paths and whose values are arrays.");

        var axes = new List<SweepAxis>();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var path = reader.GetString()!;
            // Read by hand, so the serializer's own check for repeated keys does not reach in here.
            if (!options.AllowDuplicateProperties && !paths.Add(path))
                throw new JsonException($"Duplicate property '{path}' encountered in sweep.");
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
                throw new JsonException($"sweep.{Echo.Of(path)} must be an array of values.");
            var values = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                values.Add(RawValue(ref reader));
            axes.Add(new SweepAxis { Path = path, Values = values });
        }
        return axes;
    }

    /// <summary>
    /// The value's JSON text as written. Scalars are taken from the reader's bytes: a document per value would cost
    /// about a microsecond each, and a 1 MiB body can hold a quarter of a million of them.
    /// </summary>
    private static string RawValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray || reader.HasValueSequence)
        {
            using var value = JsonDocument.ParseValue(ref reader);
            return value.RootElement.GetRawText();
        }
        var text = Encoding.UTF8.GetString(reader.ValueSpan);
        // A string's span holds its content as written, escapes included, without the quotes.
        return reader.TokenType == JsonTokenType.String ? $"\"{text}\"" : text;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<SweepAxis> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var axis in value)
        {
            writer.WriteStartArray(axis.Path);
            foreach (var raw in axis.Values)
                writer.WriteRawValue(raw);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}
