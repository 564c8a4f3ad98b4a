using System.Globalization;
using System.Text.Json;

namespace MigrationAspire.Analytics.Storage;

/// <summary>
/// A swept value as the contracts carry it: a raw JSON literal (<c>512</c>, <c>"precopy"</c>), so it keeps
/// its JSON type in the summary while exports and plots can still read it as text or as a number.
/// </summary>
public sealed record ParameterValue(string Raw)
{
    public JsonElement Json { get; } = Parse(Raw);

    /// <summary>The value as people write it: strings unquoted, everything else as its JSON text.</summary>
    public string Text => Json.ValueKind == JsonValueKind.String ? Json.GetString()! : Raw.Trim();

    /// <summary>The value as a number; null for other JSON and for numbers beyond a double (1e400), which stay text.</summary>
    public double? Number => Json.ValueKind == JsonValueKind.Number && Json.TryGetDouble(out var number) && double.IsFinite(number)
        ? number
        : null;

    public override string ToString() => Text;

    private static JsonElement Parse(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not JSON after all: keep it, as a string, rather than lose the run.
            return JsonSerializer.SerializeToElement(raw);
        }
    }

    public static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
