using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MigrationAspire.Analytics.Tests.Support;

/// <summary>
/// A throw-away redis-server on a free loopback port, with no persistence. redis-server is one of the
/// lab's prerequisites (scripts/prereqs.sh), so its absence is a failure, not a skip.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    public RedisServer()
    {
        Port = FreePort();
        _process = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        WaitUntilListening();
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Stops the server, as an outage would.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(Timeouts.Await);
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Timeouts.Await)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (!_process.HasExited)
            {
                Thread.Sleep(20);
            }
        }

        throw new TimeoutException($"redis-server did not listen on {Port} within {Timeouts.Await}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
