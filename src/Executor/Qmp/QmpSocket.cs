using System.Net.Sockets;

namespace MigrationAspire.Executor.Qmp;

internal static class QmpSocket
{
    /// <summary>
    /// Connects, retrying while the socket file does not exist yet or nobody listens on it:
    /// QEMU creates it some time after the process starts.
    /// </summary>
    public static async Task<Socket> ConnectAsync(
        string socketPath, TimeSpan retryInterval, CancellationToken cancellationToken)
    {
        var endpoint = new UnixDomainSocketEndPoint(socketPath);
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(endpoint, cancellationToken);
                return socket;
            }
            catch (SocketException e) when (IsNotReadyYet(e.SocketErrorCode))
            {
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            await Task.Delay(retryInterval, cancellationToken);
        }
    }

    private static bool IsNotReadyYet(SocketError error) =>
        error is SocketError.AddressNotAvailable // ENOENT: no socket file yet
            or SocketError.ConnectionRefused // file exists but nobody listens (yet, or any more)
            or SocketError.TryAgain;
}
