using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Runs;

/// <summary>
/// A swept value over HTTP as the JSON value it is (<c>"value": "precopy"</c>, <c>"value": 256</c>), not as the
/// raw literal the contracts carry, which would arrive JSON-encoded twice (<c>"\"precopy\""</c>).
/// </summary>
public sealed class RunParameterJson : JsonConverter<RunParameter>
{
    public override RunParameter Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        return new RunParameter
        {
            Path = root.GetProperty("path").GetString() ?? throw new JsonException("path must be a string"),
            Value = root.GetProperty("value").GetRawText(),
        };
    }

    public override void Write(Utf8JsonWriter writer, RunParameter value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(options.PropertyNamingPolicy?.ConvertName("Path") ?? "Path", value.Path);
        writer.WritePropertyName(options.PropertyNamingPolicy?.ConvertName("Value") ?? "Value");
        using var parsed = TryParse(value.Value);
        if (parsed is null)
            writer.WriteStringValue(value.Value);
        else
            parsed.RootElement.WriteTo(writer);
        writer.WriteEndObject();
    }

    private static JsonDocument? TryParse(string raw)
    {
        try
        {
            return JsonDocument.Parse(raw);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
