using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MigrationAspire.Network.Links;

namespace MigrationAspire.Network.Probes;

/// <summary>Round trips between two hosts' namespaces, measured as one-byte TCP echoes (ping is not installed,
/// and TCP is what a migration stream feels). Nagle is off, so each sample is one round trip of the link.
/// Both ends block on threads of their own: no thread-pool hop adds to a sample.</summary>
public static class RttProbe
{
    public static async Task<RttMeasurement> MeasureAsync(
        HostLink from, HostLink to, int samples = 10, TimeSpan? spacing = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var patience = timeout ?? TimeSpan.FromSeconds(5);
        using var listener = to.CreateSocket();
        listener.Bind(new IPEndPoint(to.Address, 0));
        listener.Listen(1);
        using var client = from.CreateSocket();
        client.NoDelay = true;
        client.ReceiveTimeout = client.SendTimeout = (int)patience.TotalMilliseconds;
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct);
        connect.CancelAfter(patience);
        try
        {
            var accepted = listener.AcceptAsync(connect.Token).AsTask();
            await client.ConnectAsync(listener.LocalEndPoint!, connect.Token);
            using var server = await accepted;
            server.NoDelay = true;
            var echo = Task.Factory.StartNew(() => Echo(server), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var results = await Task.Factory.StartNew(() => Sample(client, samples, spacing ?? TimeSpan.FromMilliseconds(20), ct),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            client.Shutdown(SocketShutdown.Send);
            await echo;
            return new RttMeasurement(results);
        }
        catch (Exception e) when (e is OperationCanceledException && !ct.IsCancellationRequested
                                  || e is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
        {
            throw new TimeoutException(
                $"No TCP round trip from {from.Host} ({from.Address}) to {to.Host} ({to.Address}) within {patience.TotalSeconds:0.#} s: is the link down?", e);
        }
    }

    private static List<TimeSpan> Sample(Socket client, int samples, TimeSpan spacing, CancellationToken ct)
    {
        var results = new List<TimeSpan>(samples);
        var one = new byte[1];
        for (var i = 0; i < samples; i++)
        {
            ct.ThrowIfCancellationRequested();
            if (i > 0) Thread.Sleep(spacing);
            var started = Stopwatch.GetTimestamp();
            client.Send(one);
            if (client.Receive(one) != 1)
                throw new IOException("the echo closed the connection");
            results.Add(Stopwatch.GetElapsedTime(started));
        }
        return results;
    }

    private static void Echo(Socket server)
    {
        var buffer = new byte[64];
        int n;
        while ((n = server.Receive(buffer)) > 0)
            server.Send(buffer, n, SocketFlags.None);
    }
}

public sealed record RttMeasurement(IReadOnlyList<TimeSpan> Samples)
{
    public TimeSpan Min => Samples.Min();
    public TimeSpan Max => Samples.Max();
    public TimeSpan Median => Samples.Order().ElementAt(Samples.Count / 2);
    public TimeSpan Mean => TimeSpan.FromTicks((long)Samples.Average(s => s.Ticks));
}
