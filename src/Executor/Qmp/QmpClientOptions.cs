using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MigrationAspire.Executor.Qmp;

public sealed record QmpClientOptions
{
    /// <summary>How long to wait for the socket to appear, accept, greet and negotiate.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between connection attempts while QEMU has not created the socket yet.</summary>
    public TimeSpan ConnectRetryInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Used when a command is issued without its own timeout.</summary>
    public TimeSpan DefaultCommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Events buffered per subscription before the oldest are dropped.</summary>
    public int EventBufferCapacity { get; init; } = 1024;

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
