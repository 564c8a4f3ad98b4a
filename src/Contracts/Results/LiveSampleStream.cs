using System.Text.Json;

namespace MigrationAspire.Contracts;

/// <summary>
/// How live samples are kept in Redis: one stream per run, each entry one field <see cref="Field"/> holding a
/// <see cref="LiveSample"/> as JSON. The stream is capped and expires; its last entry has a final
/// <see cref="MigrationStatus"/>.
/// </summary>
public static class LiveSampleStream
{
    public const string Field = "sample";
    public const int MaxLength = 20_000;
    public static readonly TimeSpan Expiry = TimeSpan.FromDays(7);

    // Streams live for a week: entries written under former field names still read.
    private static readonly JsonSerializerOptions Json = FormerNames.Apply(new(JsonSerializerDefaults.Web));

    public static string Key(string runId) => $"ma:samples:{runId}";

    public static string Serialize(LiveSample sample) => JsonSerializer.Serialize(sample, Json);

    public static LiveSample? Deserialize(string json) => JsonSerializer.Deserialize<LiveSample>(json, Json);
}
