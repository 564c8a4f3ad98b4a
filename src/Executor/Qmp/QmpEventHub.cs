namespace MigrationAspire.Executor.Qmp;

/// <summary>Fans events out from the single reader loop to every live subscription without blocking.</summary>
internal sealed class QmpEventHub(int capacity)
{
    private readonly Lock gate = new();
    private QmpEventSubscription[] subscribers = [];
    private bool completed;

    public QmpEventSubscription Subscribe()
    {
        var subscription = new QmpEventSubscription(capacity, Unsubscribe);
        lock (gate)
        {
            if (completed)
                subscription.Complete();
            else
                subscribers = [.. subscribers, subscription];
        }
        return subscription;
    }

    // Called only from the reader loop; the array is replaced, never mutated, so no lock is needed to read it.
    public void Publish(QmpEvent qmpEvent)
    {
        foreach (var subscriber in Volatile.Read(ref subscribers))
            subscriber.Publish(qmpEvent);
    }

    public void Complete()
    {
        QmpEventSubscription[] last;
        lock (gate)
        {
            completed = true;
            last = subscribers;
            subscribers = [];
        }
        foreach (var subscriber in last)
            subscriber.Complete();
    }

    private void Unsubscribe(QmpEventSubscription subscription)
    {
        lock (gate)
            subscribers = Array.FindAll(subscribers, s => !ReferenceEquals(s, subscription));
    }
}
