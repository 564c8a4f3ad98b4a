using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace MigrationAspire.Executor.Guest;

/// <summary>
/// The guest's serial console, read by the executor: every line is stamped with the host's clock on arrival
/// (under TCG the guest's clocks stop while it is paused, so only the host can see downtime).
/// </summary>
public sealed partial class GuestConsole : IAsyncDisposable
{
    private const int HeartbeatCapacity = 1 << 17;
    private const int TailCapacity = 40;

    private readonly Socket socket;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly object gate = new();
    private readonly TimedHeartbeat[] heartbeats = new TimedHeartbeat[HeartbeatCapacity];
    private readonly Queue<string> tail = new();
    private readonly List<GuestLine.Error> errors = [];
    private readonly TaskCompletionSource<(GuestLine.Ready Line, DateTimeOffset At)> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (GuestLine.Start Line, DateTimeOffset At)? start;
    private long heartbeatCount;
    private readonly Task readLoop;

    private GuestConsole(Socket socket, ILogger logger)
    {
        this.socket = socket;
        this.logger = logger;
        readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Connects to QEMU's console socket, retrying until QEMU has created it.</summary>
    public static async Task<GuestConsole> ConnectAsync(string path, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), deadline.Token);
                return new GuestConsole(socket, logger);
            }
            catch (SocketException)
            {
                socket.Dispose();
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new TimeoutException($"The guest console socket {path} did not accept a connection within {timeout}.");
            }
        }
    }

    public Task<(GuestLine.Ready Line, DateTimeOffset At)> Ready => ready.Task;

    /// <summary>The workload's START line and when it arrived; null until then (and on a destination, which never sees it).</summary>
    public (GuestLine.Start Line, DateTimeOffset At)? Start
    {
        get { lock (gate) return start; }
    }

    /// <summary>Completes when the console connection ends (QEMU exited or was killed).</summary>
    public Task Completion => readLoop;

    public TimedHeartbeat? LastHeartbeat
    {
        get { lock (gate) return heartbeatCount == 0 ? null : heartbeats[(heartbeatCount - 1) % HeartbeatCapacity]; }
    }

    public IReadOnlyList<GuestLine.Error> IntegrityErrors
    {
        get { lock (gate) return errors.ToList(); }
    }

    /// <summary>The last lines the console printed, for error reports.</summary>
    public string Tail()
    {
        lock (gate) return string.Join(" | ", tail);
    }

    /// <summary>Heartbeats that arrived at or after <paramref name="from"/> (and before <paramref name="to"/>), oldest first.</summary>
    public IReadOnlyList<TimedHeartbeat> HeartbeatsBetween(DateTimeOffset from, DateTimeOffset? to = null)
    {
        lock (gate)
        {
            var result = new List<TimedHeartbeat>();
            var first = Math.Max(0, heartbeatCount - HeartbeatCapacity);
            for (var i = heartbeatCount - 1; i >= first; i--)
            {
                var beat = heartbeats[i % HeartbeatCapacity];
                if (beat.At < from)
                    break;
                if (to is null || beat.At < to)
                    result.Add(beat);
            }
            result.Reverse();
            return result;
        }
    }

    private async Task ReadLoopAsync()
    {
        var splitter = new ConsoleLineSplitter();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, stopping.Token);
                if (read == 0)
                    break;
                var at = DateTimeOffset.UtcNow;
                foreach (var line in splitter.Push(buffer.AsSpan(0, read)))
                    Accept(line, at);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogDebug("Guest console closed: {Reason}", e.Message);
        }
        finally
        {
            ready.TrySetException(new InvalidOperationException($"The guest console closed before the workload was ready; it said: {Tail()}"));
            lock (gate) pending?.Answer.TrySetException(new InvalidOperationException($"The guest console closed during '{pending.Value.Command}'."));
        }
    }

    private void Accept(string line, DateTimeOffset at)
    {
        if (!GuestLineParser.TryParse(line, out var parsed))
        {
            lock (gate) Remember(line);
            return;
        }
        lock (gate)
        {
            switch (parsed)
            {
                case GuestLine.Heartbeat h:
                    heartbeats[heartbeatCount++ % HeartbeatCapacity] = new TimedHeartbeat(h.Seq, h.PagesWritten, h.Errors, at);
                    return;
                case GuestLine.Start st:
                    start ??= (st, at);
                    break;
                case GuestLine.Ready r:
                    ready.TrySetResult((r, at));
                    break;
                case GuestLine.Verify or GuestLine.Damaged:
                    Answer(parsed);
                    break;
                case GuestLine.Error e:
                    errors.Add(e);
                    break;
            }
            Remember(line);
        }
    }

    private void Remember(string line)
    {
        tail.Enqueue(line.Length > 200 ? line[..200] : line);
        while (tail.Count > TailCapacity)
            tail.Dequeue();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        socket.Dispose();
        await readLoop;
        stopping.Dispose();
    }
}
