namespace MigrationAspire.Executor.Guest;

/// <summary>A heartbeat as it arrived on the host: the guest's sequence number and the host's clock.</summary>
public readonly record struct TimedHeartbeat(long Seq, long PagesWritten, long Errors, DateTimeOffset At);
