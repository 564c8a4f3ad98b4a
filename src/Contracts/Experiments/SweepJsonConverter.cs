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
            {
                using var value = JsonDocument.ParseValue(ref reader);
                values.Add(value.RootElement.GetRawText());
            }
            axes.Add(new SweepAxis { Path = path, Values = values });
        }
        return axes;
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
