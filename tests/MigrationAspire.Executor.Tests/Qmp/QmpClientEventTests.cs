using MigrationAspire.Contracts;
using System.Diagnostics;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.Qmp;

public sealed class QmpClientEventTests
{
    [Fact]
    public async Task WaitForEventAsync_event_arrives_before_the_await_is_not_missed()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var waiting = qmp.Client.WaitForEventAsync(QmpEventNames.Stop, TestTimeouts.Step);
        await qmp.Peer.SendAsync(QmpTranscripts.StopEvent);
        await RoundTripAsync(qmp); // the reader has now certainly dispatched the event

        Assert.Equal(QmpEventNames.Stop, (await waiting.Within()).Name);
    }

    [Fact]
    public async Task WaitForEventAsync_predicate_skips_events_that_do_not_match()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var completed = qmp.Client.WaitForEventAsync(
            e => e.Name == QmpEventNames.Migration && e.GetData<MigrationEventData>().Status == MigrationStatus.Completed,
            TestTimeouts.Step);
        await qmp.Peer.SendAsync(
            QmpTranscripts.Event(QmpEventNames.Migration, MigrationStatus.Setup),
            QmpTranscripts.MigrationPassEvent,
            QmpTranscripts.MigrationActiveEvent,
            QmpTranscripts.MigrationCompletedEvent);

        var match = await completed.Within();
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796012736).AddTicks(9857380), match.QemuTimestamp);
    }

    [Fact]
    public async Task WaitForEventAsync_no_matching_event_throws_timeout_within_the_timeout()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var clock = Stopwatch.StartNew();

        var waiting = qmp.Client.WaitForEventAsync(QmpEventNames.Resume, TimeSpan.FromMilliseconds(300));
        await qmp.Peer.SendAsync(QmpTranscripts.StopEvent);

        await Assert.ThrowsAsync<TimeoutException>(() => waiting.Within());
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Events_carry_qemu_timestamp_and_host_receive_times()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var waiting = qmp.Client.WaitForEventAsync(QmpEventNames.MigrationPass, TestTimeouts.Step);
        var before = (Wall: DateTimeOffset.UtcNow, Ticks: Stopwatch.GetTimestamp());

        await qmp.Peer.SendAsync(QmpTranscripts.MigrationPassEvent);
        var passEvent = await waiting.Within();

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796012734).AddTicks(8113400), passEvent.QemuTimestamp);
        Assert.InRange(passEvent.ReceivedAt, before.Wall, DateTimeOffset.UtcNow);
        Assert.InRange(passEvent.ReceivedTimestamp, before.Ticks, Stopwatch.GetTimestamp());
        Assert.Equal(1, passEvent.GetData<MigrationPassEventData>().Pass);
    }

    [Fact]
    public async Task SubscribeEvents_each_subscriber_gets_every_event_after_it_subscribed()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        using var early = qmp.Client.SubscribeEvents();
        await qmp.Peer.SendAsync(QmpTranscripts.StopEvent);
        await RoundTripAsync(qmp);

        using var late = qmp.Client.SubscribeEvents();
        await qmp.Peer.SendAsync(QmpTranscripts.MigrationActiveEvent);
        await qmp.Peer.DisposeAsync();

        Assert.Equal([QmpEventNames.Stop, QmpEventNames.Migration], await NamesAsync(early));
        Assert.Equal([QmpEventNames.Migration], await NamesAsync(late));
    }

    [Fact]
    public async Task SubscribeEvents_subscriber_falls_behind_oldest_are_dropped_and_counted()
    {
        await using var qmp = await ConnectedQmp.StartAsync(new QmpClientOptions { EventBufferCapacity = 2 });
        using var subscription = qmp.Client.SubscribeEvents();

        await qmp.Peer.SendAsync(
            QmpTranscripts.Event(QmpEventNames.Migration, MigrationStatus.Setup),
            QmpTranscripts.MigrationPassEvent,
            QmpTranscripts.StopEvent,
            QmpTranscripts.MigrationCompletedEvent);
        await RoundTripAsync(qmp);
        await qmp.Peer.DisposeAsync();

        Assert.Equal([QmpEventNames.Stop, QmpEventNames.Migration], await NamesAsync(subscription));
        Assert.Equal(2, subscription.DroppedCount);
    }

    [Fact]
    public async Task GetData_event_without_data_throws()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var waiting = qmp.Client.WaitForEventAsync(QmpEventNames.Stop, TestTimeouts.Step);

        await qmp.Peer.SendAsync(QmpTranscripts.StopEvent);
        var stop = await waiting.Within();

        Assert.Null(stop.Data);
        Assert.Throws<InvalidOperationException>(() => stop.GetData<MigrationEventData>());
    }

    private static async Task RoundTripAsync(ConnectedQmp qmp)
    {
        var executing = qmp.Client.QueryStatusAsync();
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-status"), QmpTranscripts.QueryStatusRunning);
        await executing.Within();
    }

    private static async Task<List<string>> NamesAsync(QmpEventSubscription subscription)
    {
        using var deadline = new CancellationTokenSource(TestTimeouts.Step);
        var names = new List<string>();
        await foreach (var qmpEvent in subscription.WithCancellation(deadline.Token))
            names.Add(qmpEvent.Name);
        return names;
    }
}
