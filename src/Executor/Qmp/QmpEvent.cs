using System.Text.Json;

namespace MigrationAspire.Executor.Qmp;

/// <summary>
/// An asynchronous QMP event. <see cref="QemuTimestamp"/> is QEMU's own wall clock when it emitted
/// the event; <see cref="ReceivedAt"/> and <see cref="ReceivedTimestamp"/> are the host's clocks when
/// the line was read, the latter from <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> so
/// intervals between events are immune to wall-clock steps.
/// </summary>
public sealed record QmpEvent(
    string Name,
    JsonElement? Data,
    DateTimeOffset QemuTimestamp,
    DateTimeOffset ReceivedAt,
    long ReceivedTimestamp)
{
    /// <summary>Deserializes <see cref="Data"/>, e.g. as <see cref="MigrationEventData"/>.</summary>
    public T GetData<T>() =>
        Data is { } data
            ? QmpJson.Deserialize<T>(data, $"event {Name} data")
            : throw new InvalidOperationException($"QMP event {Name} carries no data.");
}

/// <summary>Names of the events the executor reacts to.</summary>
public static class QmpEventNames
{
    public const string Migration = "MIGRATION";
    public const string MigrationPass = "MIGRATION_PASS";
    public const string Stop = "STOP";
    public const string Resume = "RESUME";
    public const string Shutdown = "SHUTDOWN";
}

/// <summary>Data of <c>MIGRATION</c>, emitted on every status change once the <c>events</c> capability is on.</summary>
public sealed record MigrationEventData(string Status);

/// <summary>Data of <c>MIGRATION_PASS</c>: the pass that just started (see MigrationRamStats.Pass).</summary>
public sealed record MigrationPassEventData(long Pass);
