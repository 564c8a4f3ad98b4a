namespace MigrationAspire.Executor.Qmp;

// The event side of the client: subscriptions fed by the reader loop through the hub.
public sealed partial class QmpClient
{
    /// <summary>Starts receiving every event from now on; dispose to stop.</summary>
    public QmpEventSubscription SubscribeEvents() => events.Subscribe();

    /// <summary>
    /// Waits for the first event matching <paramref name="predicate"/> that arrives after this call.
    /// The subscription is taken before this method returns, so call it before issuing the command
    /// that causes the event and await it afterwards: nothing in between is missed.
    /// </summary>
    public Task<QmpEvent> WaitForEventAsync(
        Func<QmpEvent, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var subscription = events.Subscribe();
        return WaitThenUnsubscribeAsync(subscription, predicate, timeout, cancellationToken);

        static async Task<QmpEvent> WaitThenUnsubscribeAsync(
            QmpEventSubscription subscription, Func<QmpEvent, bool> predicate, TimeSpan timeout, CancellationToken ct)
        {
            using (subscription)
                return await subscription.WaitForAsync(predicate, timeout, ct);
        }
    }

    /// <inheritdoc cref="WaitForEventAsync(Func{QmpEvent,bool},TimeSpan,CancellationToken)"/>
    public Task<QmpEvent> WaitForEventAsync(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForEventAsync(e => e.Name == eventName, timeout, cancellationToken);
}
