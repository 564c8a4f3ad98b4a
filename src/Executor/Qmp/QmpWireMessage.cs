using System.Diagnostics;
using System.Text.Json;

namespace MigrationAspire.Executor.Qmp;

/// <summary>One line from QEMU, classified. Elements are cloned so they outlive the parsed document.</summary>
internal abstract record QmpWireMessage
{
    public sealed record Greeting(QmpGreeting Value) : QmpWireMessage;
    public sealed record Return(string Id, JsonElement Value) : QmpWireMessage;
    public sealed record Error(string Id, string ErrorClass, string Description) : QmpWireMessage;
    public sealed record Event(QmpEvent Value) : QmpWireMessage;
    public sealed record Unrecognized(string Reason) : QmpWireMessage;

    public static QmpWireMessage Parse(string line)
    {
        // Stamp first: the host's receive time is the point of recording it at all.
        var receivedAt = DateTimeOffset.UtcNow;
        var receivedTimestamp = Stopwatch.GetTimestamp();
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new Unrecognized("not a JSON object");
            if (root.TryGetProperty("event", out var name))
                return new Event(ParseEvent(root, name.GetString()!, receivedAt, receivedTimestamp));
            if (root.TryGetProperty("QMP", out var greeting))
                return new Greeting(ParseGreeting(greeting));

            // Replies without a string id answer nothing we sent (we always send one); QEMU omits
            // the id only when it could not parse the command at all.
            if (!root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
                return new Unrecognized("reply without a string id");
            if (root.TryGetProperty("return", out var value))
                return new Return(id.GetString()!, value.Clone());
            if (root.TryGetProperty("error", out var error))
                return new Error(
                    id.GetString()!,
                    error.GetProperty("class").GetString() ?? "",
                    error.TryGetProperty("desc", out var desc) ? desc.GetString() ?? "" : "");
            return new Unrecognized("neither event, greeting, return nor error");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return new Unrecognized($"malformed: {e.Message}");
        }
    }

    private static QmpGreeting ParseGreeting(JsonElement greeting) => new(
        QmpJson.Deserialize<QemuVersionInfo>(greeting.GetProperty("version"), "greeting version"),
        [.. greeting.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString() ?? "")]);

    private static QmpEvent ParseEvent(JsonElement root, string name, DateTimeOffset receivedAt, long receivedTimestamp)
    {
        var qemuTime = DateTimeOffset.UnixEpoch;
        if (root.TryGetProperty("timestamp", out var stamp))
        {
            qemuTime = DateTimeOffset.FromUnixTimeSeconds(stamp.GetProperty("seconds").GetInt64())
                .AddTicks(stamp.GetProperty("microseconds").GetInt64() * TimeSpan.TicksPerMicrosecond);
        }
        JsonElement? data = root.TryGetProperty("data", out var d) ? d.Clone() : null;
        return new QmpEvent(name, data, qemuTime, receivedAt, receivedTimestamp);
    }
}
