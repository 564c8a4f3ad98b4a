using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MigrationAspire.Executor.Qmp;

/// <summary>
/// A QMP connection to one QEMU process over its Unix socket. Commands may be issued concurrently:
/// each carries a generated id that QEMU echoes, one reader loop routes replies and events, and
/// writes are serialized. When the connection ends every pending command fails with
/// <see cref="QmpConnectionClosedException"/> and every event subscription completes.
/// </summary>
public sealed partial class QmpClient : IAsyncDisposable, IDisposable
{
    private sealed record PendingCommand(string Command, TaskCompletionSource<JsonElement> Reply);

    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly StreamReader reader;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, PendingCommand> pending = new();
    private readonly QmpEventHub events;
    private readonly ILogger logger;
    private readonly Task readLoop;
    private long nextId;
    private int closed;
    private string closeReason = "";

    private QmpClient(string socketPath, Socket socket, QmpClientOptions options)
    {
        SocketPath = socketPath;
        Options = options;
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: false);
        reader = new StreamReader(stream, new UTF8Encoding(false));
        events = new QmpEventHub(options.EventBufferCapacity);
        logger = options.Logger;
        readLoop = Task.Run(ReadLoopAsync);
    }

    public string SocketPath { get; }

    public QmpClientOptions Options { get; }

    /// <summary>QEMU's greeting: its version and the QMP capabilities it offered.</summary>
    public QmpGreeting Greeting { get; private set; } = null!;

    public bool IsConnected => Volatile.Read(ref closed) == 0;

    /// <summary>Completes (never faults) when the connection has ended, for whatever reason.</summary>
    public Task Completion => readLoop;

    /// <summary>Sends <paramref name="command"/> and returns QEMU's <c>return</c> value.</summary>
    /// <param name="arguments">Serialized with <see cref="QmpJson.Options"/>: kebab-case names, nulls omitted.</param>
    /// <param name="timeout">Defaults to <see cref="QmpClientOptions.DefaultCommandTimeout"/>.</param>
    /// <exception cref="QmpException">QEMU replied with an error.</exception>
    /// <exception cref="TimeoutException">No reply within the timeout.</exception>
    /// <exception cref="QmpConnectionClosedException">The connection ended first.</exception>
    /// <remarks>
    /// A command that times out or is cancelled has already been sent: QEMU may still carry it out,
    /// and its late reply is discarded.
    /// </remarks>
    public async Task<JsonElement> ExecuteAsync(
        string command, object? arguments = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var id = "ma-" + Interlocked.Increment(ref nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = new PendingCommand(command, reply);
        // Re-check after registering: the reader loop may have failed the pending set just before.
        if (!IsConnected)
            reply.TrySetException(ClosedException(command));

        var limit = timeout ?? Options.DefaultCommandTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            if (!reply.Task.IsCompleted)
                await WriteAsync(new { Execute = command, Arguments = arguments, Id = id }, deadline.Token);
            return await reply.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"QMP command '{command}' got no reply within {limit}.");
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    /// <summary>Like <see cref="ExecuteAsync"/>, deserializing the reply with <see cref="QmpJson.Options"/>.</summary>
    public async Task<T> ExecuteAsync<T>(
        string command, object? arguments = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var value = await ExecuteAsync(command, arguments, timeout, cancellationToken);
        return QmpJson.Deserialize<T>(value, $"reply to '{command}'");
    }

    public async ValueTask DisposeAsync()
    {
        Close("the QMP client was disposed");
        await readLoop;
    }

    public void Dispose() => Close("the QMP client was disposed");

    private async Task WriteAsync(object message, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(message, QmpJson.Options);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await WriteLineAsync(line, cancellationToken);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async Task WriteLineAsync(byte[] line, CancellationToken cancellationToken)
    {
        try
        {
            await stream.WriteAsync(line, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Part of the line may have gone out; anything written after it would be garbage to QEMU.
            Close("a command write was interrupted");
            throw;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The reply task now carries the connection-closed exception; ExecuteAsync awaits it.
            Close($"the QMP socket failed while writing: {e.Message}");
        }
    }

    private QmpConnectionClosedException ClosedException(string command) =>
        new($"QMP command '{command}' on {SocketPath} failed: {closeReason}.");
}
