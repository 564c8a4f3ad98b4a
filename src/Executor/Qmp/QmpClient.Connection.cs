using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace MigrationAspire.Executor.Qmp;

// Connecting, the reader loop and closing: the parts of the client that own the socket's lifetime.
public sealed partial class QmpClient
{
    private readonly TaskCompletionSource<QmpGreeting> greetingReceived =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource lifetime = new();
    private readonly Lock closeGate = new();

    /// <summary>
    /// Connects to QEMU's QMP socket (waiting for the file to appear), reads the greeting and
    /// negotiates capabilities, all within <see cref="QmpClientOptions.ConnectTimeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">Any stage took too long; the message says which.</exception>
    public static async Task<QmpClient> ConnectAsync(
        string socketPath, QmpClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new QmpClientOptions();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        var stage = "accept a connection";
        QmpClient? client = null;
        try
        {
            var socket = await QmpSocket.ConnectAsync(socketPath, options.ConnectRetryInterval, deadline.Token);
            client = new QmpClient(socketPath, socket, options);
            // QEMU serves one monitor client at a time: a second one is accepted but never greeted.
            stage = "send its greeting (is another client connected?)";
            client.Greeting = await client.greetingReceived.Task.WaitAsync(deadline.Token);
            stage = "negotiate capabilities";
            await client.ExecuteAsync("qmp_capabilities", timeout: Timeout.InfiniteTimeSpan, cancellationToken: deadline.Token);
            client.logger.LogDebug("QMP connected to {SocketPath}: QEMU {Version}", socketPath, client.Greeting.QemuVersion);
            return client;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await DisposeQuietlyAsync(client);
            throw new TimeoutException($"QMP socket {socketPath} did not {stage} within {options.ConnectTimeout}.");
        }
        catch
        {
            await DisposeQuietlyAsync(client);
            throw;
        }
    }

    private static async ValueTask DisposeQuietlyAsync(QmpClient? client)
    {
        if (client is not null)
            await client.DisposeAsync();
    }

    private async Task ReadLoopAsync()
    {
        var reason = "QEMU closed the QMP connection";
        try
        {
            while (await reader.ReadLineAsync(lifetime.Token) is { } line)
            {
                if (line.Length > 0)
                    Dispatch(QmpWireMessage.Parse(line));
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // Close() was called; it already recorded why.
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            reason = $"the QMP connection broke: {e.Message}";
        }
        catch (Exception e)
        {
            logger.LogError(e, "QMP reader loop on {SocketPath} failed", SocketPath);
            reason = $"the QMP reader failed: {e.Message}";
        }
        Close(reason);
    }

    private void Dispatch(QmpWireMessage message)
    {
        switch (message)
        {
            case QmpWireMessage.Event e:
                events.Publish(e.Value);
                break;
            case QmpWireMessage.Return r when pending.TryGetValue(r.Id, out var command):
                command.Reply.TrySetResult(r.Value);
                break;
            case QmpWireMessage.Error r when pending.TryGetValue(r.Id, out var command):
                command.Reply.TrySetException(new QmpException(command.Command, r.ErrorClass, r.Description));
                break;
            case QmpWireMessage.Return or QmpWireMessage.Error:
                logger.LogDebug("QMP reply for a command that timed out or was cancelled: {Message}", message);
                break;
            case QmpWireMessage.Greeting g when !greetingReceived.TrySetResult(g.Value):
                logger.LogWarning("QMP greeting repeated on {SocketPath}", SocketPath);
                break;
            case QmpWireMessage.Unrecognized u:
                logger.LogWarning("QMP line from {SocketPath} ignored: {Reason}", SocketPath, u.Reason);
                break;
        }
    }

    private void Close(string reason)
    {
        lock (closeGate)
        {
            if (!IsConnected)
                return;
            closeReason = reason;
            Volatile.Write(ref closed, 1);
        }
        logger.LogDebug("QMP connection to {SocketPath} closed: {Reason}", SocketPath, reason);
        lifetime.Cancel();
        socket.Dispose();
        greetingReceived.TrySetException(new QmpConnectionClosedException($"QMP socket {SocketPath}: {reason} before the greeting."));
        foreach (var command in pending.Values)
            command.Reply.TrySetException(ClosedException(command.Command));
        events.Complete();
    }
}
