namespace MigrationAspire.Executor.Qmp;

/// <summary>QEMU answered a command with <c>{"error": {"class": ..., "desc": ...}}</c>.</summary>
public sealed class QmpException(string command, string errorClass, string description)
    : Exception($"QMP command '{command}' failed: {errorClass}: {description}")
{
    public string Command { get; } = command;

    /// <summary>QEMU's error class, e.g. <c>GenericError</c>, <c>CommandNotFound</c>, <c>DeviceNotActive</c>.</summary>
    public string ErrorClass { get; } = errorClass;

    public string Description { get; } = description;
}

/// <summary>
/// The QMP connection ended (QEMU exited or closed the socket, the socket broke, or the client was
/// disposed) before a reply arrived, or before an awaited event did.
/// </summary>
public sealed class QmpConnectionClosedException(string message, Exception? innerException = null)
    : Exception(message, innerException);
