using System.Threading.Channels;

namespace MigrationAspire.Executor.Qmp;

/// <summary>
/// Every event that arrives after the subscription was created, in order, until the connection ends
/// or the subscription is disposed (then enumeration completes normally).
/// Each subscription buffers up to <see cref="QmpClientOptions.EventBufferCapacity"/> events; a
/// subscriber that falls further behind loses the oldest ones (counted in <see cref="DroppedCount"/>)
/// rather than stalling the reader loop, which would also stall every command reply.
/// </summary>
public sealed class QmpEventSubscription : IAsyncEnumerable<QmpEvent>, IDisposable
{
    private readonly Channel<QmpEvent> channel;
    private readonly Action<QmpEventSubscription> unsubscribe;
    private long droppedCount;

    internal QmpEventSubscription(int capacity, Action<QmpEventSubscription> unsubscribe)
    {
        channel = Channel.CreateBounded<QmpEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true },
            _ => Interlocked.Increment(ref droppedCount));
        this.unsubscribe = unsubscribe;
    }

    /// <summary>Events discarded because this subscriber's buffer was full.</summary>
    public long DroppedCount => Interlocked.Read(ref droppedCount);

    public IAsyncEnumerator<QmpEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        channel.Reader.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>
    /// Consumes events until one matches. Throws <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/>, <see cref="QmpConnectionClosedException"/> if the stream ends first.
    /// </summary>
    public async Task<QmpEvent> WaitForAsync(
        Func<QmpEvent, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await foreach (var qmpEvent in channel.Reader.ReadAllAsync(deadline.Token))
            {
                if (predicate(qmpEvent))
                    return qmpEvent;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No matching QMP event arrived within {timeout}.");
        }
        throw new QmpConnectionClosedException("The QMP event stream ended before a matching event arrived.");
    }

    public void Dispose()
    {
        unsubscribe(this);
        Complete();
    }

    internal void Publish(QmpEvent qmpEvent) => channel.Writer.TryWrite(qmpEvent);

    internal void Complete() => channel.Writer.TryComplete();
}
